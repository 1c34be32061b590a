import { compareSpanish, matchesText, type SortDirection } from '@see/sesna'
import type { SystemProfile } from './profile.js'

// The reference semantics of a system's search (NOTES.md §1), read from its profile: what the
// simulated entes implement, what connection tests expect, and how the gateway merges sorted pages.

export type AnyRecord = Record<string, unknown>
export type Sort = Record<string, SortDirection>
export type Query = Record<string, unknown>

/** Every value at a dotted path; each step may cross an array (`tipoSancion.clave`). */
export function valuesAt (record: unknown, path: string): unknown[] {
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

/** Whether a record passes one filter of the query. */
function passes (profile: SystemProfile, record: AnyRecord, field: string, wanted: unknown): boolean {
  const spec = profile.filters[field]
  if (spec === undefined) return true
  switch (spec.kind) {
    case 'id': return record.id === wanted
    case 'text': return matchesText(textAt(record, spec.path), String(wanted))
    case 'anyOf': return valuesAt(record, spec.path).some(value => (wanted as unknown[]).includes(value))
    case 'equals': return valuesAt(record, spec.path).includes(wanted)
    case 'range': return valuesAt(record, spec.path).some(value => inRange(value, wanted))
    case 'requester': return true
  }
}

/** True when the record passes every filter; `id` is exact and, when given, the only filter. */
export function matchesQuery (profile: SystemProfile, record: AnyRecord, query: Query = {}): boolean {
  if (!isEmptyFilter(query.id)) return passes(profile, record, 'id', query.id)
  return Object.entries(query).every(([field, wanted]) => isEmptyFilter(wanted) || passes(profile, record, field, wanted))
}

/** The string a record sorts by for a sort field ('' when absent). */
export function sortValue (profile: SystemProfile, record: AnyRecord, field: string): string {
  const path = profile.sorts[field]
  return path === undefined ? '' : textAt(record, path) ?? ''
}

/** What a record sorts by under `sort`: its value for each sort field, in the sort's order. */
export function sortKeysOf (profile: SystemProfile, sort: Sort, record: AnyRecord): string[] {
  return Object.keys(sort).map(field => sortValue(profile, record, field))
}

/**
 * Compares two records' sort keys (`sortKeysOf`) field by field, each in its direction (Spanish
 * collation). Returns 0 on a full tie; callers break ties (by ente and id) to make the order total.
 */
export function compareSortKeys (sort: Sort, a: readonly string[], b: readonly string[]): number {
  const directions = Object.values(sort)
  for (let i = 0; i < directions.length; i++) {
    const order = compareSpanish(a[i] ?? '', b[i] ?? '')
    if (order !== 0) return directions[i] === 'desc' ? -order : order
  }
  return 0
}

/** Compares two records by the sort's fields in the order given, as `compareSortKeys` does their keys (without building them). */
export function compareRecords (profile: SystemProfile, sort: Sort, a: AnyRecord, b: AnyRecord): number {
  for (const [field, direction] of Object.entries(sort)) {
    const order = compareSpanish(sortValue(profile, a, field), sortValue(profile, b, field))
    if (order !== 0) return direction === 'desc' ? -order : order
  }
  return 0
}

/** The query's filters of one kind, by field name. */
export function filtersOfKind (profile: SystemProfile, kind: string): string[] {
  return Object.entries(profile.filters).filter(([, spec]) => spec.kind === kind).map(([field]) => field)
}
