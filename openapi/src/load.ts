import { readFileSync } from 'node:fs'
import { canonicalJson, walkObjects, type OpenApiDocument } from './document.js'

const SCHEMA_POINTER = /^#\/components\/schemas\/([^/]+)$/

function readDocument (file: string): OpenApiDocument {
  return JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as OpenApiDocument
}

function splitRef (ref: string, currentFile: string): { file: string, pointer: string } {
  const hash = ref.indexOf('#')
  const path = hash < 0 ? ref : ref.slice(0, hash)
  const pointer = hash < 0 ? '#' : ref.slice(hash)
  // Every document lives in the same folder: a reference names its file relative to it.
  return { file: path === '' ? currentFile : path.replace(/^\.\//, ''), pointer }
}

/**
 * Loads a document of this folder and makes it self-contained: each component schema it references
 * in another document (`./internal.openapi.json#/components/schemas/EnteAuth`) is copied into its
 * own `components.schemas` under the same name, with whatever that schema references in turn. The
 * files keep a single definition of each shape; Ajv bundles and the served document need no files.
 */
export function loadDocument (file: string): OpenApiDocument {
  const root = readDocument(file)
  const others = new Map<string, OpenApiDocument>()
  const otherDocument = (name: string): OpenApiDocument => {
    let found = others.get(name)
    if (found === undefined) others.set(name, found = readDocument(name))
    return found
  }
  const schemas = root.components.schemas
  const imported = new Map<string, string>()

  const localize = (node: unknown, currentFile: string): void => {
    walkObjects(node, (object) => {
      const ref = object.$ref
      if (typeof ref !== 'string') return
      const { file: target, pointer } = splitRef(ref, currentFile)
      if (target === file) {
        object.$ref = pointer
        return
      }
      const name = SCHEMA_POINTER.exec(pointer)?.[1]
      if (name === undefined) throw new Error(`${file}: solo se admiten referencias a component schemas de otro documento (${ref})`)
      importSchema(name, target)
      object.$ref = `#/components/schemas/${name}`
    })
  }

  const importSchema = (name: string, from: string): void => {
    const origin = imported.get(name)
    if (origin === from) return
    const source = otherDocument(from).components.schemas[name]
    if (source === undefined) throw new Error(`${file}: ${from} no define el schema ${name}`)
    if (origin !== undefined || schemas[name] !== undefined) {
      if (canonicalJson(schemas[name]) === canonicalJson(source)) return
      throw new Error(`${file}: el schema ${name} de ${from} choca con otro del mismo nombre`)
    }
    imported.set(name, from)
    const copy = structuredClone(source)
    schemas[name] = copy
    localize(copy, from)
  }

  for (const key of Object.keys(root)) {
    if (key !== 'components') localize(root[key], file)
  }
  for (const [kind, group] of Object.entries(root.components)) {
    if (kind !== 'schemas') localize(group, file)
  }
  for (const schema of Object.values({ ...schemas })) localize(schema, file)
  return root
}
