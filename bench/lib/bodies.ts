import { textAt, type AnyRecord, type Query, type Sort, type SystemProfile } from '@see/systems'

// Request bodies built from a system's profile, so every scenario can run against any federated
// system: page and pageSize are the same in every standard; sort fields and filters are the profile's.

/** A search body every federated system's request accepts. */
export interface SearchBody {
  page: number
  pageSize: number
  sort?: Sort
  query?: Query
}

/** What a scenario sends, and how its rows name it. */
export interface LabelledBody {
  label: string
  body: SearchBody
}

export class ProfileError extends Error {
  readonly code = 'BENCH_PROFILE_UNUSABLE'
}

/** Page `page` of `pageSize` records, no filter, no sort. */
export function pageOf (page: number, pageSize = 10): SearchBody {
  return { page, pageSize }
}

/** The profile's first sort field: the one the sorted rows sort by. */
export function firstSortField (system: SystemProfile): string {
  const field = Object.keys(system.sorts)[0]
  if (field === undefined) throw new ProfileError(`system ${system.id} has no sort field`)
  return field
}

/** Page `page` of `pageSize` (10 by default) sorted ascending by the profile's first sort field. */
export function sortedPage (system: SystemProfile, page: number, pageSize = 10): LabelledBody {
  const field = firstSortField(system)
  const size = pageSize === 10 ? '' : ` (pageSize ${pageSize})`
  return { label: `page ${String(page).padStart(4)}${size} sorted ${field} asc`, body: { page, pageSize, sort: { [field]: 'asc' } } }
}

/** The profile's first text filter: its query field and the record path it reads. */
export function firstTextFilter (system: SystemProfile): { field: string, path: string } {
  for (const [field, spec] of Object.entries(system.filters)) {
    if (spec.kind === 'text') return { field, path: spec.path }
  }
  throw new ProfileError(`system ${system.id} has no text filter`)
}

/**
 * Page 1 filtered by the profile's first text filter, with a value a real record holds: the first
 * word of that record's text at the filter's path (a name, as a person would search). Undefined
 * when the record has no text there.
 */
export function filteredPage (system: SystemProfile, sample: AnyRecord): LabelledBody | undefined {
  const { field, path } = firstTextFilter(system)
  const word = textAt(sample, path)?.trim().split(/\s+/)[0]
  if (word === undefined || word === '') return undefined
  return { label: `page    1 ${field}="${word}"`, body: { page: 1, pageSize: 10, query: { [field]: word } } }
}
