import { canonicalJson, walkObjects, type OpenApiDocument } from './document.js'

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export interface DocumentPart {
  document: OpenApiDocument
  /** Prefix for this document's component names that collide with a different component already composed. */
  namespace: string
  /** Given to the document's operations that carry no tag, and listed among the composed tags. */
  tag?: { name: string, description?: string }
}

type Renames = Map<string, Map<string, string>>

/** Rewrites `#/components/<kind>/<name>` references and security requirements after renames. */
function applyRenames (document: OpenApiDocument, renames: Renames): void {
  walkObjects(document, (object) => {
    const ref = object.$ref
    if (typeof ref === 'string') {
      const [, kind = '', name = ''] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? []
      const renamed = renames.get(kind)?.get(name)
      if (renamed !== undefined) object.$ref = `#/components/${kind}/${renamed}`
    }
    const security = object.security
    const schemes = renames.get('securitySchemes')
    if (Array.isArray(security) && schemes !== undefined) {
      object.security = security.map((requirement: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(requirement).map(([scheme, scopes]) => [schemes.get(scheme) ?? scheme, scopes])))
    }
  })
  for (const [kind, names] of renames) {
    const group = document.components[kind] as Record<string, unknown>
    for (const [from, to] of names) {
      group[to] = group[from]
      delete group[from]
    }
  }
}

/** Component names of `document` that exist in `composed` with a different definition, and their new names. */
function collisions (composed: OpenApiDocument, document: OpenApiDocument, namespace: string): Renames {
  const renames: Renames = new Map()
  for (const [kind, group] of Object.entries(document.components)) {
    const taken = (composed.components[kind] ?? {}) as Record<string, unknown>
    for (const [name, definition] of Object.entries(group as Record<string, unknown>)) {
      if (taken[name] === undefined || canonicalJson(taken[name]) === canonicalJson(definition)) continue
      let renamed = `${namespace}${name}`
      for (let n = 2; taken[renamed] !== undefined || (group as Record<string, unknown>)[renamed] !== undefined; n++) renamed = `${namespace}${name}${n}`
      if (!renames.has(kind)) renames.set(kind, new Map())
      renames.get(kind)?.set(name, renamed)
    }
  }
  return renames
}

function tagOperations (document: OpenApiDocument, tag: string): void {
  for (const item of Object.values(document.paths) as Array<Record<string, Record<string, unknown>>>) {
    for (const method of HTTP_METHODS) {
      const operation = item[method]
      if (operation !== undefined && (operation.tags === undefined || (operation.tags as unknown[]).length === 0)) operation.tags = [tag]
    }
  }
}

/**
 * One OpenAPI document out of several, as an API gateway composes its services' APIs: paths and
 * tags side by side, components shared when identical, and a component that collides with a
 * different one of the same name renamed with its document's namespace (references follow). The
 * first document gives `openapi`, `info` and the default `security`. Two documents defining the
 * same operation is an error.
 */
export function composeDocuments (parts: DocumentPart[]): OpenApiDocument {
  const first = parts[0]
  if (first === undefined) throw new Error('composeDocuments: no documents')
  const composed: OpenApiDocument = { openapi: first.document.openapi, info: structuredClone(first.document.info), paths: {}, components: { schemas: {} } }
  if (first.document.security !== undefined) composed.security = structuredClone(first.document.security)
  const tags: Array<{ name: string }> = []
  for (const part of parts) {
    const document = structuredClone(part.document)
    applyRenames(document, collisions(composed, document, part.namespace))
    if (part.tag !== undefined) tagOperations(document, part.tag.name)
    for (const tag of [...((document.tags ?? []) as Array<{ name: string }>), ...(part.tag === undefined ? [] : [part.tag])]) {
      if (!tags.some(t => t.name === tag.name)) tags.push(tag)
    }
    for (const [path, item] of Object.entries(document.paths) as Array<[string, Record<string, unknown>]>) {
      const target = (composed.paths[path] ??= {}) as Record<string, unknown>
      for (const [method, operation] of Object.entries(item)) {
        if (target[method] !== undefined) throw new Error(`composeDocuments: ${method.toUpperCase()} ${path} está definido en dos documentos`)
        target[method] = operation
      }
    }
    for (const [kind, group] of Object.entries(document.components)) {
      composed.components[kind] = { ...(composed.components[kind] as Record<string, unknown> | undefined), ...(group as Record<string, unknown>) }
    }
  }
  if (tags.length > 0) composed.tags = tags
  return composed
}
