import { IncompletePageError } from '@see/kit'
import type { SearchOutcome } from '@see/openapi/types'
import { compareRecords } from '@see/systems'
import { SortWindowError } from '../errors.js'
import type { SearchRound } from './context.js'
import { cachedCounts, rememberCount } from './counts.js'
import { mergeSorted, type SortedStream } from './merge.js'
import { failureOf, invalidRecordsOf, type FailedEnte } from './outcomes.js'
import type { SortedPrefix } from './sorted-prefixes.js'
import { toEnteRequest } from './normalize.js'
import type { FederatedRecords } from './search.js'

type RawRecord = Record<string, unknown>
const MAX_ENTE_PAGE = 200

interface EntePlan {
  ente: string
  rank: number
  prefixKey: string
  held: SortedPrefix | undefined
  pages: Array<{ page: number, pageSize: number }>
  /** Leading records of the fetched pages already held in the prefix. */
  skip: number
  /** Already counted for this query (a cached count or a held prefix): earlier pages' totals include its records. */
  counted: boolean
}

/**
 * The ente pages that extend what is held (`from` records) to the first `need` records. A first
 * fetch within 200 records asks for exactly `need`; beyond that, pages of 200.
 */
function pagesToExtend (from: number, need: number): { pages: Array<{ page: number, pageSize: number }>, skip: number } {
  if (from >= need) return { pages: [], skip: 0 }
  if (from === 0 && need <= MAX_ENTE_PAGE) return { pages: [{ page: 1, pageSize: need }], skip: 0 }
  const first = Math.floor(from / MAX_ENTE_PAGE)
  const last = Math.ceil(need / MAX_ENTE_PAGE)
  return {
    pages: Array.from({ length: last - first }, (_, i) => ({ page: first + i + 1, pageSize: MAX_ENTE_PAGE })),
    skip: from - first * MAX_ENTE_PAGE
  }
}

function planEnte (round: SearchRound, ente: string, rank: number, knownCount: number | undefined, reach: number): EntePlan {
  const prefixKey = `${round.countKeys.get(ente) ?? ente}|sort:${JSON.stringify(round.request.sort)}`
  const held = round.prefixes.get(prefixKey)
  const total = held?.total ?? knownCount
  const need = total === undefined ? reach : Math.min(reach, total)
  return { ente, rank, prefixKey, held, counted: total !== undefined, ...pagesToExtend(held?.records.length ?? 0, need) }
}

/**
 * A sorted page: every ente contributes its first page × pageSize records in the requested order
 * and a k-way merge in Spanish collation picks the page, ties going to the ente earlier in the
 * fixed order. Records fetched for earlier pages are reused, so a crawl asks each ente only for
 * what is new; depth is still bounded by `maxSortedWindow`. An ente not yet counted that fails is
 * left out (and named); one already counted that fails makes the page a retryable 503, as for
 * unsorted pages: leaving it out would shift the merged order and the total under a running crawl.
 */
export async function sortedPage (round: SearchRound): Promise<FederatedRecords> {
  const { request, settings } = round
  const reach = request.page * request.pageSize
  if (reach > settings.maxSortedWindow) throw new SortWindowError(settings.maxSortedWindow)

  const known = await cachedCounts(round)
  const plans = round.entes
    .map((ente, rank) => ({ ente, rank, known: known[rank] }))
    .filter(e => e.known !== 0)
    .map(e => planEnte(round, e.ente.clave, e.rank, e.known, reach))
  const requests = plans.flatMap(p => p.pages.map(page => ({ ente: p.ente, request: toEnteRequest(round.system, request.query, page, request.sort) })))
  const outcomes = requests.length === 0 ? [] : await round.service.batch(requests, { requestId: round.requestId, timeoutMs: round.deadline.remaining() })

  const streams: Array<SortedStream<RawRecord>> = []
  const failed: FailedEnte[] = []
  const holes: FailedEnte[] = []
  let totalRows = 0
  let next = 0
  for (const plan of plans) {
    const mine = outcomes.slice(next, next + plan.pages.length)
    next += plan.pages.length
    const prefix = await extendPrefix(round, plan, mine)
    if ('failure' in prefix) {
      (plan.counted ? holes : failed).push(prefix.failure)
      continue
    }
    totalRows += prefix.total
    streams.push({ ente: plan.ente, rank: plan.rank, records: prefix.records })
    failed.push(...invalidRecordsOf(plan.ente, mine))
  }
  if (holes.length > 0) {
    throw Object.assign(new IncompletePageError(`No respondieron entes ya contados en esta consulta (${holes.map(f => `${f.ente}: ${f.code}`).join(', ')}); reintente en unos segundos.`), { failed: holes })
  }
  const merged = mergeSorted(streams, (a, b) => compareRecords(round.system, request.sort, a, b), reach)
  return { totalRows, records: merged.slice(reach - request.pageSize), failed }
}

/** The ente's prefix after this round's pages, remembered for the next page of the crawl. */
async function extendPrefix (round: SearchRound, plan: EntePlan, outcomes: SearchOutcome[]): Promise<SortedPrefix | { failure: FailedEnte }> {
  if (plan.pages.length === 0 && plan.held) return plan.held
  const broken = outcomes.find(o => !o.ok)
  const total = outcomes[0]?.totalRows
  if (broken || total === undefined || outcomes.length < plan.pages.length) return { failure: failureOf(broken ?? outcomes[0], plan.ente) }
  const fetched = outcomes.flatMap(o => o.results ?? []).slice(plan.skip)
  const prefix = { records: [...(plan.held?.records ?? []), ...fetched], total }
  await rememberCount(round, plan.ente, total)
  // A prefix with records dropped for not meeting the standard is not kept: each page that needs
  // it asks again and names the ente, so no later page reuses it silently short.
  if (!outcomes.some(o => (o.dropped ?? 0) > 0)) round.prefixes.set(plan.prefixKey, prefix, round.cache.ttls(round.system.id).countTtlMs)
  return prefix
}
