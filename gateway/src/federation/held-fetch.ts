import type { SearchRound } from './context.js'
import { rememberCounts } from './counts.js'
import type { LinesOutcome } from '../upstream/lines.js'
import type { EntePages } from './ente-pages.js'
import { toEnteRequest } from './normalize.js'
import { pagesForWindow, type EnteCount } from './windows.js'

// Fetching parts of entes' lists into the held records (`EntePages`): what an unsorted page and a
// read-ahead share.

/** Held records of an ente's list live as long as its count for the query: none when counts are not cached. */
export function heldTtl (round: SearchRound): number {
  return round.cache.ttls(round.system.id).countTtlMs
}

/**
 * Where an ente's list for the round's query is held: its count key (the ente's generation and
 * the query), apart for public answers, whose records come without private fields.
 */
export function listKey (round: SearchRound, ente: string): string {
  return `${round.countKeys.get(ente) ?? ente}${round.publicOnly ? '|public' : ''}`
}

/** A part of an ente's list that must be asked for, and the pages that cover it. */
export interface Fetch {
  ente: string
  from: number
  to: number
  plan: ReturnType<typeof pagesForWindow>
}

export function fetchOf (ente: string, from: number, to: number): Fetch {
  return { ente, from, to, plan: pagesForWindow(from, to - from) }
}

/** The batch requests of some fetches, in order. */
export function requestsOf (round: SearchRound, fetches: Fetch[]): Array<{ ente: string, request: ReturnType<typeof toEnteRequest> }> {
  return fetches.flatMap(f => f.plan.requests.map(page => ({ ente: f.ente, request: toEnteRequest(round.system, round.request.query, page) })))
}

/** What a fetch's pages answered: the outcomes, or the first failure. */
export type Answered = { outcomes: LinesOutcome[] } | { failure: LinesOutcome | undefined }

/** Splits a batch's outcomes by fetch; each fetch's records (every page read, not only the window) go to `held`. */
export function settle (round: SearchRound, fetches: Fetch[], outcomes: LinesOutcome[], held: EntePages): Answered[] {
  const ttlMs = heldTtl(round)
  const counts: EnteCount[] = []
  let next = 0
  const answered = fetches.map((fetch): Answered => {
    const mine = outcomes.slice(next, next + fetch.plan.requests.length)
    next += fetch.plan.requests.length
    const broken = mine.find(o => !o.ok)
    if (broken !== undefined || mine.length < fetch.plan.requests.length) return { failure: broken }
    const total = mine[0]?.totalRows
    if (total !== undefined) counts.push({ ente: fetch.ente, totalRows: total })
    // Pages short of records that did not meet the standard would misplace what follows: never held.
    if (!mine.some(o => (o.dropped ?? 0) > 0)) {
      const first = fetch.plan.requests[0]!
      held.keep(listKey(round, fetch.ente), (first.page - 1) * first.pageSize, mine.flatMap(o => o.records), ttlMs)
    }
    return { outcomes: mine }
  })
  // Not awaited: the page does not wait for the cache (`rememberCounts` never fails).
  rememberCounts(round, counts).catch(() => {})
  return answered
}
