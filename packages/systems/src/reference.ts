import { compareSpanish, matchesText, type SortDirection } from '@see/sesna'
import type { SystemProfile } from './profile.js'

// The reference semantics of a system's search (NOTES.md §1), read from its profile: what the
// simulated entes implement, what connection tests expect, and how the gateway merges sorted pages.

export type AnyRecord = Record<string, unknown>
/** A sort as the standard writes it: a direction per field, or nested fields (S1's `bienesInmuebles.valorAdquisicion`). */
export interface Sort { [field: string]: SortDirection | Sort }
export type Query = Record<string, unknown>

/**
 * Every value at a dotted path; each step may cross an array (`tipoSancion.clave`). A path may name
 * alternatives separated by `|` (S1's net income sits under a different name in each declaration
 * type): the values at each of them, in order.
 */
export function valuesAt (record: unknown, path: string): unknown[] {
  if (path.includes('|')) return path.split('|').flatMap(alternative => valuesAt(record, alternative))
  let current: unknown[] = [record]
  for (const step of path.split('.')) {
    const next: unknown[] = []
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value]
      for (const item of items) {
        if (typeof item === 'object' && item !== null && step in item) next.push((item as AnyRecord)[step])
      }
    }
    current = next
  }
  return current.flatMap(value => Array.isArray(value) ? value : [value])
}

/** The string at a path (the first one), or undefined. */
export function textAt (record: unknown, path: string): string | undefined {
  const value = valuesAt(record, path)[0]
  return typeof value === 'string' ? value : undefined
}

/** "No filter" in the standard's words: absent, an empty string or an empty array. */
export function isEmptyFilter (value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
}

function inRange (value: unknown, range: unknown): boolean {
  if (typeof value !== 'number' || typeof range !== 'object' || range === null) return false
  const { min, max } = range as { min?: number, max?: number }
  return (min === undefined || value >= min) && (max === undefined || value <= max)
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

/**
 * Whether a date at a record's path is within one inclusive bound. A bare date as an upper bound
 * covers its whole day (`2024-03-31` keeps `2024-03-31T18:00:00Z`), as the national service does.
 */
export function withinDateBound (value: unknown, bound: 'from' | 'to', wanted: unknown): boolean {
  if (typeof value !== 'string' || typeof wanted !== 'string') return false
  const at = Date.parse(value)
  const limit = Date.parse(wanted)
  if (Number.isNaN(at) || Number.isNaN(limit)) return false
  if (bound === 'from') return at >= limit
  return DATE_ONLY.test(wanted) ? at < limit + DAY_MS : at <= limit
}

/** Whether a record passes one filter of the query. */
function passes (profile: SystemProfile, record: AnyRecord, field: string, wanted: unknown): boolean {
  const spec = profile.filters[field]
  if (spec === undefined) return true
  switch (spec.kind) {
    case 'id': return record.id === wanted
    case 'text': return valuesAt(record, spec.path).some(value => typeof value === 'string' && matchesText(value, String(wanted)))
    case 'anyOf': return valuesAt(record, spec.path).some(value => (wanted as unknown[]).includes(value))
    case 'equals': return valuesAt(record, spec.path).includes(wanted)
    case 'range': return valuesAt(record, spec.path).some(value => inRange(value, wanted))
    case 'date': return valuesAt(record, spec.path).some(value => withinDateBound(value, spec.bound, wanted))
    case 'requester': return true
  }
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The query's filters by the profile's field names: nested groups of the standard
 * (`{datosEmpleoCargoComision: {nombreEntePublico}}`) become dotted names
 * (`datosEmpleoCargoComision.nombreEntePublico`); a name the profile knows is a leaf, even when its
 * value is an object (a `{min, max}` range).
 */
export function flatQuery (profile: SystemProfile, query: Query, prefix = ''): Array<[string, unknown]> {
  return Object.entries(query).flatMap(([key, value]): Array<[string, unknown]> => {
    const field = prefix + key
    if (field in profile.filters || !isPlainObject(value)) return [[field, value]]
    return flatQuery(profile, value, `${field}.`)
  })
}

/** The sort's fields in the order given, nested groups as dotted names. */
export function flatSort (sort: Sort, prefix = ''): Array<[string, SortDirection]> {
  return Object.entries(sort).flatMap(([key, value]): Array<[string, SortDirection]> =>
    typeof value === 'string' ? [[prefix + key, value]] : flatSort(value, `${prefix}${key}.`))
}

/** A dotted field name as the standard nests it in a request: `a.b` and `v` give `{a: {b: v}}`. */
export function nestField<T> (field: string, value: T): Record<string, unknown> {
  return field.split('.').reduceRight<unknown>((inner, step) => ({ [step]: inner }), value) as Record<string, unknown>
}

/** True when the record passes every filter; `id` is exact and, when given, the only filter. */
export function matchesQuery (profile: SystemProfile, record: AnyRecord, query: Query = {}): boolean {
  if (!isEmptyFilter(query.id)) return passes(profile, record, 'id', query.id)
  return flatQuery(profile, query).every(([field, wanted]) => isEmptyFilter(wanted) || passes(profile, record, field, wanted))
}

/** What a record sorts by for a sort field: a string, a number (amounts, surfaces), or '' when absent. */
export function sortValue (profile: SystemProfile, record: AnyRecord, field: string): string | number {
  const path = profile.sorts[field]
  if (path === undefined) return ''
  const value = valuesAt(record, path)[0]
  return typeof value === 'string' || typeof value === 'number' ? value : ''
}

/** Numbers by value and before text (an absent value is ''); text in Spanish collation. */
function compareValues (a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return b === '' ? 1 : -1
  if (typeof b === 'number') return a === '' ? -1 : 1
  return compareSpanish(a, b)
}

/**
 * Compares two records by the sort's fields in the order given (Spanish collation for text,
 * numeric order for amounts). Returns 0 on a full tie; callers break ties (by ente and id) to make
 * the order total.
 */
export function compareRecords (profile: SystemProfile, sort: Sort, a: AnyRecord, b: AnyRecord): number {
  for (const [field, direction] of flatSort(sort)) {
    const order = compareValues(sortValue(profile, a, field), sortValue(profile, b, field))
    if (order !== 0) return direction === 'desc' ? -order : order
  }
  return 0
}

/** A sort key: what a record sorts by for one sort field. */
export type SortKey = string | number

/** What a record sorts by under `sort`: its value for each sort field, in the sort's order (`flatSort`). */
export function sortKeysOf (profile: SystemProfile, sort: Sort, record: AnyRecord): SortKey[] {
  return flatSort(sort).map(([field]) => sortValue(profile, record, field))
}

/** Compares two records' sort keys (`sortKeysOf`) as `compareRecords` compares the records themselves. */
export function sortKeyComparator (sort: Sort): (a: readonly SortKey[], b: readonly SortKey[]) => number {
  const directions = flatSort(sort).map(([, direction]) => direction)
  return (a, b) => {
    for (let i = 0; i < directions.length; i++) {
      const order = compareValues(a[i] ?? '', b[i] ?? '')
      if (order !== 0) return directions[i] === 'desc' ? -order : order
    }
    return 0
  }
}

/** The query's filters of one kind, by field name. */
export function filtersOfKind (profile: SystemProfile, kind: string): string[] {
  return Object.entries(profile.filters).filter(([, spec]) => spec.kind === kind).map(([field]) => field)
}
