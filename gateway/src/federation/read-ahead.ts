import { LRUCache } from 'lru-cache'
import { serviceCall, type SearchRound } from './context.js'
import type { EntePages } from './ente-pages.js'
import { fetchOf, heldTtl, listKey, requestsOf, settle } from './held-fetch.js'
import { windowsForPage, type EnteCount } from './windows.js'

/** Read-aheads in flight at once per system service: a bound on the extra load crawls put on the entes. */
export const READ_AHEAD_LIMIT = 4
/** Read-aheads in flight at once for one client: a client crawling many queries at once leaves room for the others' crawls. */
export const CLIENT_READ_AHEAD_LIMIT = 2
/**
 * Pages read ahead of the one asked. One is not enough for a lone crawler: it asks page k+1 as
 * soon as page k arrives, when the read of k+1 (started as k was asked) is still on its way; with
 * two, the read of k+1 started a whole page earlier. Pages already held or under way are skipped,
 * so in a steady crawl each page starts one read, of the page two ahead.
 */
export const READ_AHEAD_PAGES = 2
/** Pages of one query and page size remembered, so several crawlers of one query are each seen walking in order. */
const RECENT_PAGES = 32

interface Crawls {
  /** Pages recently asked, per query and page size. */
  recent: LRUCache<string, number[]>
  inFlight: number
  /** Read-aheads in flight per client (its token's `client_id`; anonymous rounds share one entry). */
  byClient: Map<string, number>
}

const crawlsByService = new WeakMap<object, Crawls>()

function crawlsOf (service: object): Crawls {
  let crawls = crawlsByService.get(service)
  if (crawls === undefined) {
    crawls = { recent: new LRUCache({ max: 1000 }), inFlight: 0, byClient: new Map() }
    crawlsByService.set(service, crawls)
  }
  return crawls
}

/** Notes that the round's page was asked; true when the page before it was asked recently (a crawl walking in order). */
function walksInOrder (round: SearchRound, crawls: Crawls): boolean {
  const { request } = round
  const key = JSON.stringify([request.query, request.pageSize])
  const recent = crawls.recent.get(key) ?? []
  const sequential = recent.includes(request.page - 1)
  if (!recent.includes(request.page)) crawls.recent.set(key, [...recent.slice(1 - RECENT_PAGES), request.page])
  return sequential
}

/**
 * When the round's page continues a crawl (page k after page k-1 of the same query and page size),
 * fetches the ente records of the next `READ_AHEAD_PAGES` pages in the background, so the crawl's next pages find them held.
 * At most `READ_AHEAD_LIMIT` per service and `CLIENT_READ_AHEAD_LIMIT` per client at once, never when counts are not cached (nothing would
 * be held), and never for records already held or being fetched. It never changes an answer:
 * a page reads the same positions of the same entes' lists whether they were read ahead or not.
 */
export function readAhead (round: SearchRound, counts: EnteCount[], held: EntePages): void {
  const crawls = crawlsOf(round.service)
  const client = round.client ?? ''
  const mine = crawls.byClient.get(client) ?? 0
  if (!walksInOrder(round, crawls) || heldTtl(round) <= 0 || crawls.inFlight >= READ_AHEAD_LIMIT || mine >= CLIENT_READ_AHEAD_LIMIT) return
  const ahead = Array.from({ length: READ_AHEAD_PAGES }, (_, i) => round.request.page + 1 + i)
  const fetches = ahead.flatMap(page => windowsForPage(counts, page, round.request.pageSize))
    .filter(w => !held.covered(listKey(round, w.ente), w.offset, w.offset + w.length))
    .map(w => {
      const records = held.read(listKey(round, w.ente), w.offset, w.offset + w.length)
      const first = records.indexOf(undefined)
      return fetchOf(w.ente, w.offset + first, w.offset + records.lastIndexOf(undefined) + 1)
    })
  if (fetches.length === 0) return
  crawls.inFlight++
  crawls.byClient.set(client, mine + 1)
  // Its own budget: the next page is asked soon, and what this fetch brings is held for it.
  const stored = round.service.batchLines(requestsOf(round, fetches), serviceCall(round, round.settings.deadlineMs, `${round.requestId}-ahead`))
    .then(outcomes => { settle(round, fetches, outcomes, held) })
  for (const fetch of fetches) held.fetching(listKey(round, fetch.ente), fetch.from, fetch.to, stored)
  stored.catch(() => {}).finally(() => {
    crawls.inFlight--
    const left = (crawls.byClient.get(client) ?? 1) - 1
    if (left > 0) crawls.byClient.set(client, left)
    else crawls.byClient.delete(client)
  })
}
