import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { enteProfile, generateParticulares, generateSancionados, searchSystem } from '@see/ente-simulator'
import { PUBLIC_SCHEMA_ID, publicDocument, ref, schemaBundle } from '@see/openapi'
import { SYSTEMS, systemById, type AnyRecord } from '@see/systems'
import { officialS3P, officialS3S, PDN_SPECS_DIR, readSpec, schemaErrors } from '../support/official-specs.js'

// The public contract of S3S and S3P (openapi/see.openapi.json) against SESNA's 1.1.0 specs:
// a record our schema accepts (after unknown fields are stripped, as the services normalise
// them) is one the official spec accepts, and the other way round.

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const ours = new Ajv({ removeAdditional: true, coerceTypes: false, useDefaults: false, allErrors: false, keywords: ['components', 'example'] })
addFormats(ours)
ours.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
const oursStrict = new Ajv({ removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true, keywords: ['components', 'example'] })
addFormats(oursStrict)
oursStrict.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
const normaliser = (name: string): ValidateFunction => ours.compile(ref(PUBLIC_SCHEMA_ID, name))
const strict = (name: string): ValidateFunction => oursStrict.compile(ref(PUBLIC_SCHEMA_ID, name))

const instituciones = enteProfile(1).instituciones
const s3s = officialS3S()
const s3p = officialS3P()
const cases = [
  {
    system: systemById('s3s'),
    officialItem: s3s('record'),
    officialList: s3s('records'),
    officialResponse: s3s('ssancionados'),
    spec: 's3s/OAS_API_Servidores_Sancionados.json',
    officialRecord: ['ssancionados', 'properties', 'results', 'items'],
    sample: 's3s-ssancionados',
    records: generateSancionados({ seed: 21, size: 3000, instituciones }) as AnyRecord[]
  },
  {
    system: systemById('s3p'),
    officialItem: s3p('record'),
    officialList: s3p('records'),
    officialResponse: s3p('resParticularesSancionados'),
    spec: 's3p/OAS_API_Particulares_Sancionados.json',
    officialRecord: ['resParticularesSancionados', 'properties', 'results', 'items'],
    sample: 's3p-psancionados',
    records: generateParticulares({ seed: 21, size: 3000, instituciones }) as AnyRecord[]
  }
]

type Schema = Record<string, any>

function resolver (schemas: Record<string, Schema>): (node: Schema) => Schema {
  return node => typeof node.$ref === 'string' ? schemas[node.$ref.split('/').pop() as string] as Schema : node
}

/**
 * Differences between our schema and the official one, field by field: same properties, types,
 * required fields, enums and limits. Ours adds only `additionalProperties: false` (unknown fields
 * are stripped) and leaves out `format: float` (no validation meaning).
 */
function differences (ourNode: Schema, officialNode: Schema, resolveOurs: (n: Schema) => Schema, resolveOfficial: (n: Schema) => Schema, path = ''): string[] {
  const a = resolveOurs(ourNode)
  const b = resolveOfficial(officialNode)
  const found: string[] = []
  const officialFormat = b.format === 'float' ? undefined : b.format
  for (const key of ['type', 'format', 'maxLength', 'minimum', 'uniqueItems'] as const) {
    const expected = key === 'format' ? officialFormat : b[key]
    if (a[key] !== expected) found.push(`${path || '/'}: ${key} ${String(a[key])} ≠ oficial ${String(expected)}`)
  }
  const sorted = (list: unknown): string => JSON.stringify([...(list as unknown[] ?? [])].sort())
  if (sorted(a.enum) !== sorted(b.enum)) found.push(`${path}: enum ${sorted(a.enum)} ≠ oficial ${sorted(b.enum)}`)
  if (sorted(a.required) !== sorted(b.required)) found.push(`${path}: required ${sorted(a.required)} ≠ oficial ${sorted(b.required)}`)
  if (b.type === 'object') {
    if (a.additionalProperties !== false) found.push(`${path}: sin additionalProperties: false`)
    if (sorted(Object.keys(a.properties ?? {})) !== sorted(Object.keys(b.properties ?? {}))) {
      found.push(`${path}: propiedades ${sorted(Object.keys(a.properties ?? {}))} ≠ oficiales ${sorted(Object.keys(b.properties ?? {}))}`)
    }
    for (const [name, child] of Object.entries(b.properties ?? {}) as Array<[string, Schema]>) {
      if (a.properties?.[name] !== undefined) found.push(...differences(a.properties[name], child, resolveOurs, resolveOfficial, `${path}/${name}`))
    }
  }
  if (b.type === 'array') found.push(...differences(a.items ?? {}, b.items ?? {}, resolveOurs, resolveOfficial, `${path}/[]`))
  return found
}

/** A mutation of a record: a field removed, replaced by any JSON value, or an unknown one added. */
interface Mutation {
  index: number
  target: number
  kind: 'delete' | 'replace' | 'add'
  value: unknown
}

function paths (value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix]
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value)
  return [prefix, ...entries.flatMap(([key, item]) => paths(item, [...prefix, key]))]
}

function mutate (record: AnyRecord, mutation: Mutation): AnyRecord {
  const copy = structuredClone(record)
  const all = paths(copy).filter(path => path.length > 0)
  const path = all[mutation.target % all.length] as Array<string | number>
  let parent: any = copy
  for (const step of path.slice(0, -1)) parent = parent[step]
  const last = path.at(-1) as string | number
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else if (mutation.kind === 'replace') {
    parent[last] = mutation.value
  } else if (typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last])) {
    parent[last].campoDesconocido = mutation.value
  }
  return copy
}

const mutations = fc.array(fc.record({
  index: fc.nat(),
  target: fc.nat(),
  kind: fc.constantFrom('delete' as const, 'replace' as const, 'add' as const),
  value: fc.oneof(fc.jsonValue(), fc.constantFrom('', 'I', 'M', 'F', 'OTRO', '2024-02-30', '2024-01-15', '2024-01-15T10:00:00Z', 12.5, -1, 0))
}), { minLength: 1, maxLength: 3 })

describe.each(cases)('the public $system.id contract', ({ system, officialItem, officialList, officialResponse, spec, officialRecord, sample, records }) => {
  const schemas = system.schemas
  const ourRecord = publicDocument.components.schemas[schemas.record] as Schema
  const officialSpec = readSpec(spec)
  const officialRecordSchema = officialRecord.reduce<Schema>((node, step) => node[step], officialSpec.components.schemas)
  const normalise = normaliser(schemas.record)

  it('describes the record field by field as the official 1.1.0 spec does', () => {
    const found = differences(ourRecord, officialRecordSchema, resolver(publicDocument.components.schemas), resolver(officialSpec.components.schemas))
    expect(found).toEqual([])
  })

  it('accepts the simulated records, which the official spec accepts too', () => {
    const validate = strict(schemas.record)
    const rejected = records.filter(record => !validate(record))
    expect(rejected).toEqual([])
    expect(schemaErrors(officialList, records)).toEqual([])
  })

  it('accepts only records the official spec accepts, and every one it accepts, once unknown fields are stripped', () => {
    const outcomes = { accepted: 0, rejected: 0 }
    fc.assert(fc.property(mutations, list => {
      let record = records[(list[0]?.index ?? 0) % records.length] as AnyRecord
      for (const mutation of list) record = mutate(record, mutation)
      const acceptedByUs = normalise(record)
      const acceptedOfficially = officialItem(record)
      expect(acceptedByUs, JSON.stringify(acceptedByUs ? officialItem.errors : normalise.errors)).toBe(acceptedOfficially)
      outcomes[acceptedByUs ? 'accepted' : 'rejected']++
    }), { numRuns: 1500 })
    // Both sides of the equivalence were exercised.
    expect(outcomes.accepted).toBeGreaterThan(100)
    expect(outcomes.rejected).toBeGreaterThan(100)
  })

  it('answers pages valid under the official response schema (NOTES.md §7 defects relaxed), empty ones included', () => {
    const response = strict(schemas.response)
    for (const search of [{}, { pageSize: 200, page: 2 }, { query: { id: 'no-existe' } }]) {
      const answer = searchSystem(system, records, search)
      expect(schemaErrors(response, answer)).toEqual([])
      expect(schemaErrors(officialResponse, answer)).toEqual([])
    }
  })

  it('accepts the request and the response built from the official examples', () => {
    const read = (kind: string): unknown => JSON.parse(readFileSync(resolve(PDN_SPECS_DIR, `samples/derived-from-oas-examples/${sample}.${kind}.json`), 'utf8'))
    expect(schemaErrors(strict(schemas.request), read('request'))).toEqual([])
    expect(schemaErrors(strict(schemas.response), read('response'))).toEqual([])
  })
})

describe('the public request schemas of every federated system', () => {
  it.each(SYSTEMS.map(system => [system.id, system] as const))('%s offers exactly its profile’s filters and sort fields, rfcSolicitante where the standard puts it', (_id, system) => {
    const schemas = publicDocument.components.schemas
    const request = schemas[system.schemas.request] as Schema
    const resolve = resolver(schemas)
    const query = resolve(request.properties.query)
    const sort = resolve(request.properties.sort)
    const filters = Object.keys(system.filters)
    const inQuery = system.requester === 'query' ? [...new Set([...filters, 'rfcSolicitante'])] : filters
    // Groups the standard nests (S1's `datosEmpleoCargoComision`, S6's `tender.tenderPeriod`) name their leaves with dots.
    const leaves = (schema: Schema, known: readonly string[], prefix = ''): string[] => Object.entries(schema.properties as Record<string, Schema>).flatMap(([key, property]) => {
      const field = prefix + key
      const resolved = resolve(property)
      return known.includes(field) || resolved.properties === undefined ? [field] : leaves(resolved, known, `${field}.`)
    })
    expect(leaves(query, inQuery).sort()).toEqual(inQuery.sort())
    expect(leaves(sort, Object.keys(system.sorts)).sort()).toEqual(Object.keys(system.sorts).sort())
    expect(Object.keys(request.properties).sort()).toEqual(['page', 'pageSize', 'query', 'sort', ...(system.requester === 'body' ? ['rfcSolicitante'] : [])].sort())
    expect([request, query, sort].map(schema => schema.additionalProperties)).toEqual([false, false, false])
    // The exact federated id, a bounded string (S1 keeps its standard's own description and example).
    expect(query.properties.id).toMatchObject({ type: 'string', maxLength: expect.any(Number) })
  })
})
