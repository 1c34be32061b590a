import { compareSpanish, type SortDirection } from './collation.js'

// What the S2 standard says about its fields beyond their shapes: which are sortable and by what
// value, and which query fields are text filters.

export const S2_SORT_FIELDS = ['nombres', 'primerApellido', 'segundoApellido', 'institucionDependencia', 'puesto'] as const
export type S2SortField = typeof S2_SORT_FIELDS[number]

export const S2_TEXT_FILTERS = ['nombres', 'primerApellido', 'segundoApellido', 'curp', 'rfc', 'institucionDependencia'] as const

interface SortableS2Record {
  nombres?: string
  primerApellido?: string
  segundoApellido?: string
  institucionDependencia?: { nombre?: string }
  puesto?: { nombre?: string }
}

/** The string a record is sorted by for a field: objects sort by their `nombre`. */
export function s2SortValue (record: SortableS2Record, field: S2SortField): string {
  switch (field) {
    case 'institucionDependencia': return record.institucionDependencia?.nombre ?? ''
    case 'puesto': return record.puesto?.nombre ?? ''
    default: return record[field] ?? ''
  }
}

export type S2Sort = Partial<Record<S2SortField, SortDirection>>

/**
 * Compares two records by the sort's fields in the order they were given. Returns 0 on a full tie;
 * callers break ties (by ente and id) to make the order total.
 */
export function compareS2 (sort: S2Sort, a: SortableS2Record, b: SortableS2Record): number {
  for (const [field, direction] of Object.entries(sort) as Array<[S2SortField, SortDirection]>) {
    const order = compareSpanish(s2SortValue(a, field), s2SortValue(b, field))
    if (order !== 0) return direction === 'desc' ? -order : order
  }
  return 0
}
