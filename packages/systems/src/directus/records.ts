import type { AnyRecord } from '../reference.js'
import type { CodeEntry, CollectionMapping, FieldRule, SystemMapping } from './mapping.js'
import { deleteV1, getV1, setV1, setV2, v2Values, type DirectusItem } from './paths.js'

// Directus items to v1 records (and back, for simulated providers). Only what a rule names is
// read, so a field the provider publishes beyond the mapping never reaches the PDN.

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME_NO_ZONE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/
const DATE_TIME_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

function firstString (values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string') return value
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  }
  return undefined
}

function toTimestamp (value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  if (DATE.test(value)) return `${value}T00:00:00Z`
  if (DATE_TIME_ZONED.test(value)) return value
  const local = DATE_TIME_NO_ZONE.exec(value)
  if (local !== null) return `${local[1] as string}${local[2] ?? ':00'}Z`
  return undefined
}

function toDate (value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const day = value.slice(0, 10)
  return DATE.test(day) ? day : undefined
}

function toNumber (value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return undefined
}

function entryOf (table: readonly CodeEntry[], code: unknown): CodeEntry['v1'] | undefined {
  return table.find(entry => entry.v2 === code)?.v1
}

function applyRule (record: AnyRecord, rule: FieldRule, item: DirectusItem): void {
  switch (rule.kind) {
    case 'text': {
      const value = firstString(v2Values(item, rule.v2))
      if (value !== undefined) setV1(record, rule.v1, value)
      return
    }
    case 'join': {
      const parts = rule.v2.flatMap(path => v2Values(item, path)).filter((part): part is string => typeof part === 'string' && part !== '')
      if (parts.length > 0) setV1(record, rule.v1, parts.join(rule.separator))
      return
    }
    case 'constant':
      setV1(record, rule.v1, structuredClone(rule.value))
      return
    case 'code': {
      const entries = v2Values(item, rule.v2).map(code => entryOf(rule.table, code)).filter(entry => entry !== undefined)
      if (!rule.list) {
        if (entries[0] !== undefined) setV1(record, rule.v1, { ...entries[0] })
        return
      }
      const list = Array.isArray(getV1(record, rule.v1)) ? getV1(record, rule.v1) as Array<CodeEntry['v1']> : []
      for (const entry of entries) if (!list.some(held => held.clave === entry.clave)) list.push({ ...entry })
      setV1(record, rule.v1, list)
      return
    }
    case 'timestamp': {
      const value = rule.v2.map(path => toTimestamp(v2Values(item, path)[0])).find(stamp => stamp !== undefined)
      if (value !== undefined) setV1(record, rule.v1, value)
      return
    }
    case 'date': {
      const value = toDate(v2Values(item, rule.v2)[0])
      if (value !== undefined) setV1(record, rule.v1, value)
      return
    }
    case 'number': {
      const value = v2Values(item, rule.v2).map(toNumber).find(number => number !== undefined)
      if (value !== undefined) setV1(record, rule.v1, value)
    }
  }
}

export function collectionMapping (mapping: SystemMapping, collection: string): CollectionMapping {
  const found = mapping.collections.find(entry => entry.collection === collection)
  if (found === undefined) throw new RangeError(`collection ${JSON.stringify(collection)} is not part of the ${mapping.system} mapping`)
  return found
}

/** The v1 id of an item: its primary key, behind the collection's tag when there is one. */
export function v1Id (collection: CollectionMapping, item: DirectusItem): string {
  const id = item.id
  const local = typeof id === 'string' ? id : typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : ''
  if (local === '') return ''
  return collection.tag === undefined ? local : `${collection.tag}-${local}`
}

/**
 * The v1 record of one Directus item of `collection`. Fields with no value are left out, except
 * the strings the v1 schema requires, which become '' (they then match no text filter, as an
 * absent value would not). An item without a primary key gets `id: ''`, which the service's
 * validation rejects like any record without an id.
 */
export function toV1Record (mapping: SystemMapping, collection: string, item: DirectusItem): AnyRecord {
  const spec = collectionMapping(mapping, collection)
  const record: AnyRecord = { id: v1Id(spec, item) }
  for (const rule of spec.rules) applyRule(record, rule, item)
  for (const path of spec.required ?? []) {
    if (typeof getV1(record, path) !== 'string') setV1(record, path, '')
  }
  for (const [path, inside] of Object.entries(spec.requires ?? {})) {
    const object = getV1(record, path)
    if (object !== undefined && inside.some(field => getV1(object, field) === undefined)) deleteV1(record, path)
  }
  return record
}

/** Which collection a v1 record belongs in: the first whose constants it agrees with. */
function collectionFor (mapping: SystemMapping, record: AnyRecord): CollectionMapping {
  const agrees = (spec: CollectionMapping): boolean => spec.rules.every(rule =>
    rule.kind !== 'constant' || JSON.stringify(getV1(record, rule.v1)) === JSON.stringify(rule.value))
  return mapping.collections.find(agrees) ?? mapping.collections[0] as CollectionMapping
}

function localId (spec: CollectionMapping, id: unknown): string | number | undefined {
  if (typeof id !== 'string' || id === '') return undefined
  const local = spec.tag !== undefined && id.startsWith(`${spec.tag}-`) ? id.slice(spec.tag.length + 1) : id
  return spec.idType === 'integer' && /^(0|[1-9]\d*)$/.test(local) ? Number(local) : local
}

function inverseRule (item: DirectusItem, rule: FieldRule, record: AnyRecord, claimed: Set<unknown>): void {
  const value = getV1(record, rule.v1)
  switch (rule.kind) {
    case 'text':
      if (typeof value === 'string') setV2(item, rule.v2, [value])
      return
    case 'join':
      if (typeof value === 'string' && rule.v2[0] !== undefined) setV2(item, rule.v2[0], [value])
      return
    case 'constant':
      return
    case 'code': {
      const wanted = rule.list ? (Array.isArray(value) ? value : []) : value === undefined ? [] : [value]
      const codes: string[] = []
      for (const entry of wanted as Array<{ clave?: unknown }>) {
        if (claimed.has(entry.clave)) continue
        const code = rule.table.find(candidate => candidate.v1.clave === entry.clave)?.v2
        if (code === undefined) continue
        if (rule.list) claimed.add(entry.clave)
        if (!codes.includes(code)) codes.push(code)
      }
      if (codes.length === 0) return
      const perItem = rule.v2.includes('[]') && rule.v2Array !== true
      setV2(item, rule.v2, perItem ? codes : rule.v2Array === true ? [codes] : codes.slice(0, 1))
      return
    }
    case 'timestamp':
      if (typeof value === 'string' && rule.v2[0] !== undefined) setV2(item, rule.v2[0], [rule.writeDateOnly === true ? value.slice(0, 10) : value])
      return
    case 'date':
      if (typeof value === 'string') setV2(item, rule.v2, [value])
      return
    case 'number':
      if (typeof value === 'number') setV2(item, rule.v2, [value])
  }
}

/**
 * A Directus item holding what a v1 record publishes under this mapping: the inverse of
 * `toV1Record`, used to serve the same data through a simulated Directus. Lossy where the v2
 * model is poorer (codes with no v2 counterpart are dropped; a joined name goes whole into its
 * first field), so `toV1Record(fromV1Record(r))` is the public view of `r`, stable on a second
 * round trip.
 */
export function fromV1Record (mapping: SystemMapping, record: AnyRecord, collection?: string): { collection: string, item: DirectusItem } {
  const spec = collection === undefined ? collectionFor(mapping, record) : collectionMapping(mapping, collection)
  const item: DirectusItem = {}
  const id = localId(spec, record.id)
  if (id !== undefined) item.id = id
  const claimed = new Map<string, Set<unknown>>()
  for (const rule of spec.rules) {
    if (!claimed.has(rule.v1)) claimed.set(rule.v1, new Set())
    inverseRule(item, rule, record, claimed.get(rule.v1) as Set<unknown>)
  }
  return { collection: spec.collection, item }
}
