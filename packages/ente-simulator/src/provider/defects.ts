import { setTimeout as sleep } from 'node:timers/promises'
import type { onSendHookHandler } from 'fastify'
import { foldVowels } from '@see/sesna'
import { isEmptyFilter, matchesQuery, sortValue, textAt, type AnyRecord, type Query, type SystemProfile } from '@see/systems'
import { searchSystem, sortSystemRecords, type SystemAnswer, type SystemSearch } from '../query.js'
import type { Defect } from '../types.js'

// Semantic defects a provider can be switched to: answers that look healthy (HTTP 200, the
// standard's shape) but break the reference semantics (NOTES.md §1), the mistakes entes make.
// They act on the sesna-v1 routes; a conformance test must name each one.
// - accent-sensitive: text filters tell `e` from `é` (case is still ignored);
// - enye-folded: text filters take `ñ` for `n`;
// - wrong-total: `totalRows` counts one record more than there are;
// - unstable-order: without `sort`, each answer comes in a new random order;
// - wrong-sort: `sort` by code units instead of the Spanish collation;
// - bad-error-body: a refused body gets its 4xx status with a plain-text body, not `{code, message}`;
// - slow-token: the token route answers after SLOW_TOKEN_MS (beyond the PDN's 2 s);
// - no-auth: data routes answer without a token, or with any token.

export const SLOW_TOKEN_MS = 2_300

const accentSensitive = (text: string): string => text.normalize('NFC').toLowerCase()
const enyeFolded = (text: string): string => foldVowels(text).replace(/ñ/g, 'n')

/** `matchesQuery` with another text comparison (the defect's), every other filter as the reference has it. */
function matchesWith (profile: SystemProfile, record: AnyRecord, query: Query, fold: (text: string) => string): boolean {
  if (!isEmptyFilter(query.id)) return matchesQuery(profile, record, query)
  const isText = (field: string): boolean => profile.filters[field]?.kind === 'text'
  const others = Object.fromEntries(Object.entries(query).filter(([field]) => !isText(field)))
  return matchesQuery(profile, record, others) && Object.entries(query).filter(([field, value]) => isText(field) && !isEmptyFilter(value)).every(([field, value]) => {
    const spec = profile.filters[field]
    return spec !== undefined && 'path' in spec && fold(textAt(record, spec.path) ?? '').includes(fold(String(value)))
  })
}

function page<T> (matching: T[], search: SystemSearch, extraRows = 0): SystemAnswer<T> {
  const number = search.page ?? 1
  const pageSize = search.pageSize ?? 10
  const totalRows = matching.length + extraRows
  const start = (number - 1) * pageSize
  return { pagination: { page: number, pageSize, totalRows, hasNextPage: start + pageSize < totalRows }, results: matching.slice(start, start + pageSize) }
}

function shuffled<T> (items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

function byCodeUnits (profile: SystemProfile, search: SystemSearch) {
  return (a: AnyRecord, b: AnyRecord): number => {
    for (const [field, direction] of Object.entries(search.sort ?? {})) {
      const [x, y] = [sortValue(profile, a, field), sortValue(profile, b, field)]
      if (x !== y) return (x < y ? -1 : 1) * (direction === 'desc' ? -1 : 1)
    }
    return String(a.id) < String(b.id) ? -1 : 1
  }
}

/** A provider's search, bent by its defect. */
export function searchWithDefect<T extends AnyRecord> (profile: SystemProfile, records: readonly T[], search: SystemSearch, defect: Defect): SystemAnswer<T> {
  const query = search.query ?? {}
  switch (defect) {
    case 'accent-sensitive': return page(sortSystemRecords(profile, records.filter(r => matchesWith(profile, r, query, accentSensitive)), search.sort), search)
    case 'enye-folded': return page(sortSystemRecords(profile, records.filter(r => matchesWith(profile, r, query, enyeFolded)), search.sort), search)
    case 'wrong-total': return page(searchSystem(profile, records, { ...search, page: 1, pageSize: records.length || 1 }).results, search, 1)
    case 'unstable-order': {
      const all = searchSystem(profile, records, { ...search, page: 1, pageSize: records.length || 1 }).results
      return page(search.sort === undefined || Object.keys(search.sort).length === 0 ? shuffled(all) : all, search)
    }
    case 'wrong-sort': return page(records.filter(r => matchesQuery(profile, r, query)).sort(byCodeUnits(profile, search)), search)
    default: return searchSystem(profile, records, search)
  }
}

/** `bad-error-body`: a 4xx answer other than 401 loses its `{code, message}` body. */
export function errorBodyDefect (defect: () => Defect): onSendHookHandler {
  return async (_request, reply, payload) => {
    if (defect() !== 'bad-error-body' || reply.statusCode < 400 || reply.statusCode >= 500 || reply.statusCode === 401) return payload
    reply.type('text/plain; charset=utf-8')
    return 'Solicitud incorrecta'
  }
}

/** `slow-token`: the wait before the token route answers. */
export async function tokenDelay (defect: Defect): Promise<void> {
  if (defect === 'slow-token') await sleep(SLOW_TOKEN_MS)
}
