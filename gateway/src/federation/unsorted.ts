import { IncompletePageError } from '@see/kit'
import type { SearchOutcome } from '@see/openapi/types'
import type { SearchRound } from './context.js'
import { countRound, rememberCount } from './counts.js'
import { toEnteRequest } from './normalize.js'
import { failureOf, invalidRecordsOf, type FailedEnte } from './outcomes.js'
import type { FederatedRecords } from './search.js'
import { pagesForWindow, windowsForPage, type EnteWindow } from './windows.js'

type RawRecord = Record<string, unknown>

/**
 * An unsorted page: entes laid end to end in the fixed order, each in its own order. Only the
 * entes whose records fall in the page are asked for records.
 */
export async function unsortedPage (round: SearchRound): Promise<FederatedRecords> {
  const { request } = round
  const counted = await countRound(round)
  const windows = windowsForPage(counted.counts, request.page, request.pageSize)
  const records = new Map<EnteWindow, RawRecord[]>()
  const pending: EnteWindow[] = []
  for (const window of windows) {
    const prefix = counted.prefix.get(window.ente)
    if (prefix && prefix.length >= window.offset + window.length) records.set(window, prefix.slice(window.offset, window.offset + window.length))
    else pending.push(window)
  }
  const invalid = await fetchWindows(round, pending, records)
  return {
    totalRows: counted.counts.reduce((sum, c) => sum + c.totalRows, 0),
    records: windows.flatMap(w => (records.get(w) ?? []).map(record => ({ ente: w.ente, record }))),
    failed: [...counted.failed, ...invalid]
  }
}

/**
 * Fetches windows in one batch. An ente counted as holding records of this page that then fails
 * makes the whole answer a retryable 503: never a page with a hidden hole. An ente whose records
 * did not all meet the standard is returned named (`ENTE_INVALID_RECORDS`), never silently short.
 */
async function fetchWindows (round: SearchRound, windows: EnteWindow[], into: Map<EnteWindow, RawRecord[]>): Promise<FailedEnte[]> {
  if (windows.length === 0) return []
  const plans = windows.map(w => ({ window: w, plan: pagesForWindow(w.offset, w.length) }))
  const requests = plans.flatMap(({ window, plan }) => plan.requests.map(page => ({ ente: window.ente, request: toEnteRequest(round.system, round.request.query, page) })))
  const outcomes = await round.service.batch(requests, { requestId: round.requestId, timeoutMs: round.deadline.remaining() })
  let next = 0
  const failed: FailedEnte[] = []
  const invalid: FailedEnte[] = []
  for (const { window, plan } of plans) {
    const mine = outcomes.slice(next, next + plan.requests.length)
    next += plan.requests.length
    const broken = mine.find(o => !o.ok) ?? (mine.length < plan.requests.length ? undefined : null)
    if (broken !== null) {
      failed.push(failureOf(broken as SearchOutcome | undefined, window.ente))
      continue
    }
    const total = mine[0]?.totalRows
    if (total !== undefined) await rememberCount(round, window.ente, total)
    into.set(window, mine.flatMap(o => o.results ?? []).slice(plan.skip, plan.skip + window.length))
    invalid.push(...invalidRecordsOf(window.ente, mine))
  }
  if (failed.length > 0) {
    throw Object.assign(new IncompletePageError(`No respondieron entes con registros en esta página (${failed.map(f => `${f.ente}: ${f.code}`).join(', ')}); reintente en unos segundos.`), { failed })
  }
  return invalid
}
