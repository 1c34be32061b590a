#!/usr/bin/env node
// Generates openapi/declaraciones.openapi.json from SESNA's three official S1 files (spec 2.0:
// Inicial, Modificación, Conclusión), so the repository carries the official record schemas
// without hand-copying 400 KB of JSON. Run it again when the official files change:
//
//   node openapi/scripts/declaraciones.mjs [PDN_SPECS_DIR]   (default ../shared/pdn-specs beside the clone)
//
// What it writes:
// - every component schema of the official files, renamed `S1_<name>` when the three files agree on
//   it and `S1<Tipo>_<name>` when they do not, with their `$ref`s rewritten;
// - `DeclaracionInicial`, `DeclaracionModificacion`, `DeclaracionConclusion`: one item of `results`
//   of each file, the record a declaration of that `metadata.tipo` must be;
// - `Declaracion`: the record as the SEE publishes it (the envelope each type shares; the service
//   validates the rest against the schema of its type);
// - `DeclaracionesQuery` and `DeclaracionesSort`: the official request's, closed
//   (`additionalProperties: false`), with length limits, plus `tipoDeclaracion` (an extension);
// NOTES.md §7: the example of `participacionTomaDecisiones.participacion[].rfc` breaks the spec's own
// `minLength: 12`; the generated schema drops that example (the schema itself is kept as it is).

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../..')
const specs = resolve(process.argv[2] ?? process.env.PDN_SPECS_DIR ?? resolve(repo, '../shared/pdn-specs'))
const out = resolve(here, '../declaraciones.openapi.json')

const TYPES = [
  { name: 'Inicial', tipo: 'INICIAL', file: 's1/OAS_API_Declaraciones_Inicial.json' },
  { name: 'Modificacion', tipo: 'MODIFICACIÓN', file: 's1/OAS_API_Declaraciones_Modificacion.json' },
  { name: 'Conclusion', tipo: 'CONCLUSIÓN', file: 's1/OAS_API_Declaraciones_Conclusion.json' }
]
/** Longest text accepted in a filter, as for the other systems. */
const MAX_TEXT = 200

function read (file) {
  const path = resolve(specs, file)
  if (!existsSync(path)) throw new Error(`No se encontró ${path}: indique la carpeta pdn-specs como argumento o en PDN_SPECS_DIR`)
  return JSON.parse(readFileSync(path, 'utf8'))
}

const canonical = value => JSON.stringify(value, (_key, v) => v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a < b ? -1 : 1)) : v)

function walk (node, visit) {
  if (Array.isArray(node)) node.forEach(item => walk(item, visit))
  else if (node && typeof node === 'object') {
    visit(node)
    Object.values(node).forEach(value => walk(value, visit))
  }
}

const official = TYPES.map(type => ({ ...type, schemas: read(type.file).components.schemas }))
const names = [...new Set(official.flatMap(type => Object.keys(type.schemas)))]
const shared = new Set(names.filter(name => new Set(official.map(type => canonical(type.schemas[name]))).size === 1))
const renamed = (type, name) => shared.has(name) ? `S1_${name}` : `S1${type.name}_${name}`

/** A copy of an official schema with its references pointing at the renamed components. */
function localized (type, schema) {
  const copy = structuredClone(schema)
  walk(copy, node => {
    if (typeof node.$ref === 'string') node.$ref = `#/components/schemas/${renamed(type, node.$ref.replace('#/components/schemas/', ''))}`
  })
  return copy
}

const SKIPPED = new Set(['resDeclaraciones', 'reqDeclaraciones', 'resError', 'ordenamiento'])
const schemas = {}
for (const type of official) {
  for (const [name, schema] of Object.entries(type.schemas)) {
    if (SKIPPED.has(name)) continue
    schemas[renamed(type, name)] ??= localized(type, schema)
  }
  const record = localized(type, type.schemas.resDeclaraciones.properties.results.items)
  record.description = `Declaración ${type.tipo} según el esquema oficial (declaraciones 2.0).`
  schemas[`Declaracion${type.name}`] = record
}
// NOTES.md §7: an example that breaks its own schema. And a few objects the official files
// describe by `properties` alone: typed `object`, as strict JSON Schema tools (Ajv) want.
walk(schemas, node => {
  if (node.rfc?.example === 'PEVB123654') delete node.rfc.example
  if (node.properties !== undefined && typeof node.properties === 'object' && node.type === undefined && node.$ref === undefined) node.type = 'object'
})

const first = official[0]
const metadata = localized(first, first.schemas.resDeclaraciones.properties.results.items.properties.metadata)
schemas.Declaracion = {
  type: 'object',
  required: ['id', 'metadata', 'declaracion'],
  description: 'Una declaración patrimonial y de intereses. Cada una cumple el esquema oficial de su `metadata.tipo`: `DeclaracionInicial`, `DeclaracionModificacion` o `DeclaracionConclusion`. Sin un alcance privilegiado se publica solo su versión pública.',
  properties: {
    id: { type: 'string', description: 'Identificador de la declaración tal como lo publica el SEE (`<clave del ente>:<id en el ente>`).' },
    metadata,
    declaracion: { type: 'object', additionalProperties: true, description: 'Situación patrimonial e intereses, según el esquema oficial del tipo.' }
  }
}

/** The official request's filters, closed and bounded. */
function closed (schema) {
  const copy = structuredClone(schema)
  walk(copy, node => {
    if (node.type === 'string' && node.enum === undefined && node.maxLength === undefined) node.maxLength = MAX_TEXT
    if (node.properties !== undefined) {
      node.type = 'object'
      node.additionalProperties = false
    }
    if (node.properties?.min !== undefined) {
      for (const bound of ['min', 'max']) node.properties[bound] = { ...node.properties[bound], type: 'number', minimum: 0 }
    }
  })
  return copy
}

const request = first.schemas.reqDeclaraciones.properties
const query = closed(request.query)
query.description = 'Filtros. Los de texto buscan una subcadena sin distinguir mayúsculas ni acentos en vocales (la `ñ` es distinta de la `n`); los rangos `{min, max}` son inclusivos y cualquiera de los dos puede faltar. Una cadena vacía significa «sin filtro».'
// The federated id is one shape in every system (`<clave>:<id>`, the same limit and words): S1 takes it
// from the SEE's own document rather than the official `id` (a 200-character example-bearing string).
const see = JSON.parse(readFileSync(resolve(repo, 'openapi/see.openapi.json'), 'utf8'))
query.properties.id = structuredClone(see.components.schemas.SpicQuery.properties.id)
query.properties.escolaridadNivel = { ...query.properties.escolaridadNivel, enum: ['', 'PRI', 'SEC', 'BCH', 'CTC', 'LIC', 'ESP', 'MAE', 'DOC'] }
delete query.properties.escolaridadNivel.maxLength
query.properties.datosEmpleoCargoComision.properties.nivelOrdenGobierno.enum.unshift('')
query.properties.bienesInmuebles.properties.formaAdquisicion = { ...query.properties.bienesInmuebles.properties.formaAdquisicion, enum: ['', 'CPV', 'CSN', 'DNC', 'HRN', 'PRM', 'RST', 'STC'] }
delete query.properties.bienesInmuebles.properties.formaAdquisicion.maxLength
query.properties.rfcSolicitante = { ...query.properties.rfcSolicitante, maxLength: 13, description: 'RFC de quien consulta. Solo se reenvía a los entes, y solo se publican datos privados, para clientes con el alcance privilegiado del sistema (`read:s1:privado`); para los demás se descarta y la respuesta tiene solo datos públicos.' }
query.properties.tipoDeclaracion = { type: 'string', enum: ['', ...TYPES.map(type => type.tipo)], description: 'Extensión del SEE: solo declaraciones de este tipo (`metadata.tipo`).', example: 'MODIFICACIÓN' }
schemas.DeclaracionesQuery = query

const sort = closed(request.sort)
sort.description = 'Orden (colación española para textos, numérico para montos y superficies), en el orden en que se escriben los campos.'
walk(sort, node => {
  if (node.$ref === '#/components/schemas/ordenamiento') {
    delete node.$ref
    Object.assign(node, { type: 'string', enum: ['asc', 'desc'] })
  }
})
schemas.DeclaracionesSort = sort

const document = {
  openapi: '3.0.3',
  info: {
    title: 'SEE Chiapas — esquemas oficiales de S1 (declaraciones 2.0)',
    version: '2.0.0',
    description: 'Generado por openapi/scripts/declaraciones.mjs a partir de los archivos oficiales de la SESNA; no se edita a mano.'
  },
  paths: {},
  components: { schemas }
}
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`)
console.log(`${out}: ${Object.keys(schemas).length} esquemas (${shared.size} comunes a los tres tipos)`)
