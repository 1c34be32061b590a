import { IncompletePageError } from '@see/kit'
import { serviceCall, type SearchRound } from './context.js'
import { countRound } from './counts.js'
import { entePagesFor, type EntePages } from './ente-pages.js'
import { fetchOf, heldTtl, listKey, requestsOf, settle, type Fetch } from './held-fetch.js'
import { failureOf, invalidRecordsOf, type FailedEnte } from './outcomes.js'
import { readAhead } from './read-ahead.js'
import { entesWithPrivateRemoved, type RecordLine } from '../upstream/lines.js'
import type { FederatedLines } from './search.js'
import { windowsForPage, type EnteWindow } from './windows.js'

/**
 * An unsorted page: entes laid end to end in the fixed order, each in its own order. Only the
 * entes whose records fall in the page are asked for records, and only for what no earlier page
 * or read-ahead already holds. A crawl (page k asked after page k-1) also reads page k+1's
 * records ahead, in the background, while this page is answered.
 */
export async function unsortedPage (round: SearchRound): Promise<FederatedLines> {
  const { request } = round
  const counted = await countRound(round)
  const held = entePagesFor(round.service)
  const ttlMs = heldTtl(round)
  for (const [ente, records] of counted.prefix) held.keep(listKey(round, ente), 0, records, ttlMs)
  const windows = windowsForPage(counted.counts, request.page, request.pageSize)
  // Read ahead once this page's own calls are out: they go first.
  const { records, invalid } = await readWindows(round, windows, held, () => { readAhead(round, counted.counts, held) })
  return {
    totalRows: counted.counts.reduce((sum, c) => sum + c.totalRows, 0),
    lines: windows.flatMap((_, i) => records[i]!),
    failed: [...counted.failed, ...invalid],
    privateRemoved: round.publicOnly ? entesWithPrivateRemoved(windows.flatMap((w, i) => records[i]!.map(line => [w.ente, line] as const))) : []
  }
}

/** The page answered with these records: they are not held any longer. */
function forget (round: SearchRound, windows: EnteWindow[], held: EntePages): void {
  for (const w of windows) held.forget(listKey(round, w.ente), w.offset, w.offset + w.length)
}

/** The part of `window` not held (from its first hole to its last), or undefined when all is held. */
function missingOf (window: EnteWindow, held: Array<RecordLine | undefined>): { from: number, to: number } | undefined {
  const first = held.indexOf(undefined)
  if (first === -1) return undefined
  const last = held.lastIndexOf(undefined)
  return { from: window.offset + first, to: window.offset + last + 1 }
}

/**
 * Each window's records: held ones as they are, the rest fetched in one batch. An ente counted
 * as holding records of this page that then fails makes the whole answer a retryable 503: never
 * a page with a hidden hole. An ente whose records did not all meet the standard is returned
 * named (`ENTE_INVALID_RECORDS`), never silently short.
 */
async function readWindows (round: SearchRound, windows: EnteWindow[], held: EntePages, asked: () => void): Promise<{ records: RecordLine[][], invalid: FailedEnte[] }> {
  // Read-ahead under way for these records: wait for it rather than ask the entes twice.
  // At most half of what is left of the deadline: a read-ahead stuck on a slow ente leaves time to ask again.
  const waitMs = Math.floor(round.deadline.remaining() / 2)
  await Promise.all(windows.map(async w => await held.settled(listKey(round, w.ente), w.offset, w.offset + w.length, waitMs)))
  const found = windows.map(w => held.read(listKey(round, w.ente), w.offset, w.offset + w.length))
  const fetches: Array<{ index: number, fetch: Fetch }> = []
  windows.forEach((w, index) => {
    const missing = missingOf(w, found[index]!)
    if (missing !== undefined) fetches.push({ index, fetch: fetchOf(w.ente, missing.from, missing.to) })
  })
  if (fetches.length === 0) {
    asked()
    forget(round, windows, held)
    return { records: found as RecordLine[][], invalid: [] }
  }

  const requests = requestsOf(round, fetches.map(f => f.fetch))
  const batch = round.service.batchLines(requests, serviceCall(round, round.deadline.remaining()))
  asked()
  const outcomes = await batch
  const answered = settle(round, fetches.map(f => f.fetch), outcomes, held)
  const failed: FailedEnte[] = []
  const invalid: FailedEnte[] = []
  fetches.forEach(({ index, fetch }, i) => {
    const answer = answered[i]!
    const window = windows[index]!
    if ('failure' in answer) {
      failed.push(failureOf(answer.failure, window.ente))
      return
    }
    // Held records before the first hole and after the last one stay; the fetched ones fill between.
    const fresh = answer.outcomes.flatMap(o => o.records).slice(fetch.plan.skip, fetch.plan.skip + fetch.to - fetch.from)
    const records = found[index]!
    const before = records.slice(0, fetch.from - window.offset) as RecordLine[]
    // An ente short of records (some did not meet the standard) answers short and is named: nothing held is placed after a gap.
    const after = fresh.length === fetch.to - fetch.from ? records.slice(fetch.to - window.offset) as RecordLine[] : []
    found[index] = [...before, ...fresh, ...after]
    invalid.push(...invalidRecordsOf(window.ente, answer.outcomes))
  })
  forget(round, windows, held)
  if (failed.length > 0) {
    throw Object.assign(new IncompletePageError(`No respondieron entes con registros en esta página (${failed.map(f => `${f.ente}: ${f.code}`).join(', ')}); reintente en unos segundos.`), { failed })
  }
  return { records: found as RecordLine[][], invalid }
}
