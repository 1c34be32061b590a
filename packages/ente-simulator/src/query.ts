import type { Pagination, SpicQuery, SpicRecord, SpicRequest, SpicResponse } from '@see/openapi/types'
import { compareRecords, matchesQuery as matchesProfile, systemById, type AnyRecord, type Query, type Sort, type SystemProfile } from '@see/systems'
import { FIRST_SYSTEM } from './systems.js'

// The search of a SESNA reference provider over an in-memory list (NOTES.md §1), for any system:
// filters and sort fields are read from the system's profile.

/** A search request as the standards shape it; S3P's top-level `rfcSolicitante` is accepted and ignored. */
export interface SystemSearch {
  page?: number
  pageSize?: number
  sort?: Sort
  query?: Query
  rfcSolicitante?: string
}

export interface SystemAnswer<T> {
  pagination: Pagination
  results: T[]
}

const DEFAULT_PAGE_SIZE = 10

/** Ids compare by code unit: the tie-break that makes every order total and the same on every run. */
export function compareIds (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Spanish-collation sort by the requested fields (the profile's sort paths), ties (and no sort) by ascending id. */
export function sortSystemRecords<T extends AnyRecord> (profile: SystemProfile, records: T[], sort: Sort = {}): T[] {
  return records.sort((a, b) => compareRecords(profile, sort, a, b) || compareIds(String(a.id), String(b.id)))
}

/** Filters, sorts and pages like a reference provider. Out-of-range pages give an empty page. */
export function searchSystem<T extends AnyRecord> (profile: SystemProfile, records: readonly T[], search: SystemSearch = {}): SystemAnswer<T> {
  const page = search.page ?? 1
  const pageSize = search.pageSize ?? DEFAULT_PAGE_SIZE
  const matching = sortSystemRecords(profile, records.filter(record => matchesProfile(profile, record, search.query)), search.sort)
  const start = (page - 1) * pageSize
  return {
    pagination: { pageSize, page, totalRows: matching.length, hasNextPage: start + pageSize < matching.length },
    results: matching.slice(start, start + pageSize)
  }
}

// S2-typed forms of the above, as the simulator offered them before it served other systems.

const firstProfile = systemById(FIRST_SYSTEM)

export type SpicSearch = Partial<SpicRequest>

/** True when the S2 record passes every filter; `id` is exact and, when given, the only filter. */
export function matchesQuery (record: SpicRecord, query: SpicQuery = {}): boolean {
  return matchesProfile(firstProfile, record, query)
}

/** Spanish-collation sort of S2 records by the requested fields, ties (and no sort) by ascending id. */
export function sortRecords (records: SpicRecord[], sort: Sort = {}): SpicRecord[] {
  return sortSystemRecords(firstProfile, records, sort)
}

/** `searchSystem` over S2 records. */
export function searchSpic (records: readonly SpicRecord[], search: SpicSearch = {}): SpicResponse {
  return searchSystem(firstProfile, records, search)
}
