import type { SpicQuery, SpicRecord, SpicRequest, SpicResponse } from '@see/openapi/types'
import { S2_TEXT_FILTERS, compareS2, matchesText, type S2Sort } from '@see/sesna'

// The search of a SESNA reference provider over an in-memory list (NOTES.md §1).

export type SpicSearch = Partial<SpicRequest>

type TextFilter = typeof S2_TEXT_FILTERS[number]

function textOf (record: SpicRecord, field: TextFilter): string | undefined {
  return field === 'institucionDependencia' ? record.institucionDependencia.nombre : record[field]
}

/** True when the record passes every filter; `id` is exact and, when given, the only filter. */
export function matchesQuery (record: SpicRecord, query: SpicQuery = {}): boolean {
  if (query.id !== undefined && query.id !== '') return record.id === query.id
  for (const field of S2_TEXT_FILTERS) {
    if (!matchesText(textOf(record, field), query[field])) return false
  }
  const wanted = query.tipoProcedimiento ?? []
  if (wanted.length > 0 && !record.tipoProcedimiento.some(tipo => tipo.clave !== undefined && wanted.includes(tipo.clave))) return false
  return true
}

/** Ids compare by code unit: the tie-break that makes every order total and the same on every run. */
export function compareIds (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Spanish-collation sort by the requested fields, ties (and no sort) by ascending id. */
export function sortRecords (records: SpicRecord[], sort: S2Sort = {}): SpicRecord[] {
  return records.sort((a, b) => compareS2(sort, a, b) || compareIds(a.id, b.id))
}

/** Filters, sorts and pages like a reference provider. Out-of-range pages give an empty page. */
export function searchSpic (records: readonly SpicRecord[], search: SpicSearch = {}): SpicResponse {
  const page = search.page ?? 1
  const pageSize = search.pageSize ?? 10
  const matching = sortRecords(records.filter(record => matchesQuery(record, search.query)), search.sort)
  const start = (page - 1) * pageSize
  return {
    pagination: { pageSize, page, totalRows: matching.length, hasNextPage: start + pageSize < matching.length },
    results: matching.slice(start, start + pageSize)
  }
}
