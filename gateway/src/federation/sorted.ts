import { compareS2, type S2Sort } from '@see/sesna'
import { SortWindowError } from '../errors.js'
import type { SpicRound } from './context.js'
import { cachedCounts, rememberCount } from './counts.js'
import { mergeSorted, type SortedStream } from './merge.js'
import { failureOf, type FailedEnte } from './outcomes.js'
import type { FederatedRecords } from './spic.js'

type RawRecord = Record<string, unknown>
const MAX_ENTE_PAGE = 200

/** The ente pages holding an ente's first `reach` records in its sorted order. */
function leadingPages (reach: number): Array<{ page: number, pageSize: number }> {
  if (reach <= MAX_ENTE_PAGE) return [{ page: 1, pageSize: reach }]
  return Array.from({ length: Math.ceil(reach / MAX_ENTE_PAGE) }, (_, i) => ({ page: i + 1, pageSize: MAX_ENTE_PAGE }))
}

/**
 * A sorted page: every ente sends its first page × pageSize records in the requested order and a
 * k-way merge in Spanish collation picks the page, ties going to the ente earlier in the fixed
 * order. Cost grows with depth, so depth is bounded by `maxSortedWindow`.
 */
export async function sortedPage (round: SpicRound): Promise<FederatedRecords> {
  const { request, settings } = round
  const reach = request.page * request.pageSize
  if (reach > settings.maxSortedWindow) throw new SortWindowError(settings.maxSortedWindow)

  const known = await cachedCounts(round)
  const asked = round.entes
    .map((ente, rank) => ({ ente, rank, known: known[rank] }))
    .filter(e => e.known !== 0)
    .map(e => ({ ...e, pages: leadingPages(e.known === undefined ? reach : Math.min(reach, e.known)) }))
  const requests = asked.flatMap(e => e.pages.map(page => ({ ente: e.ente.clave, request: { ...page, sort: request.sort, query: request.query } })))
  const outcomes = requests.length === 0 ? [] : await round.s2.batch(requests, { requestId: round.requestId, timeoutMs: round.deadline.remaining() })

  const streams: Array<SortedStream<RawRecord>> = []
  const failed: FailedEnte[] = []
  let totalRows = 0
  let next = 0
  for (const { ente, rank, pages } of asked) {
    const mine = outcomes.slice(next, next + pages.length)
    next += pages.length
    const broken = mine.find(o => !o.ok)
    const total = mine[0]?.totalRows
    if (broken || total === undefined) {
      failed.push(failureOf(broken, ente.clave))
      continue
    }
    await rememberCount(round, ente.clave, total)
    totalRows += total
    streams.push({ ente: ente.clave, rank, records: mine.flatMap(o => o.results ?? []) })
  }
  const merged = mergeSorted(streams, (a, b) => compareS2(request.sort as S2Sort, a, b), reach)
  return { totalRows, records: merged.slice(reach - request.pageSize), failed }
}
