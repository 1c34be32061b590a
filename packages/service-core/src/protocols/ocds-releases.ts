import type { EnteSearchRequest } from '@see/openapi/types'
import { compareRecords, matchesQuery, type Query, type Sort } from '@see/systems'
import { EnteCallError } from '../outcome-errors.js'
import { normalizeRecords, type NormalizedDependencias, type NormalizedPage, type StandardRecord } from '../normalize.js'
import { parseJson } from '../ente-client/fetch-json.js'
import type { ProtocolCall } from './protocol.js'
import { checkStatus } from './sesna-v1.js'

// The `ocds-releases` protocol: an ente that publishes plain OCDS release packages, as most OCDS
// publishers do: its registered URL is the first page, and each page's `links.next` the next one.
// Such a feed cannot be queried, so the service reads it whole (every page, each release validated
// like any other record), keeps it a short while per ente, and answers the v1 search over it with
// the reference semantics of the system's profile: exact totals, filters and sort as any ente's.

/** Pages of one feed read at most: a bigger feed is the ente's failure, not a reason to read on. */
const MAX_FEED_PAGES = 500
/** How long a feed read is answered from memory (a search asks an ente for a count, then a page). */
const FEED_TTL_MS = 30_000
/** Feeds kept at once (one per ente and connection version). */
const MAX_FEEDS = 64

interface Feed { releases: StandardRecord[], dropped: number, firstProblem?: string }

const feeds = new Map<string, { at: number, feed: Promise<Feed> }>()

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The path of `links.next` under the registered URL; a link elsewhere is refused (the SSRF guard covers only that URL). */
export function nextPath (baseUrl: string, next: unknown): string | undefined {
  if (next === undefined || next === null) return undefined
  if (typeof next !== 'string') throw new EnteCallError('ENTE_BAD_SHAPE', '(links.next no es una URL)')
  const base = new URL(baseUrl)
  let url: URL
  try {
    url = new URL(next, base)
  } catch {
    throw new EnteCallError('ENTE_BAD_SHAPE', '(links.next no es una URL)')
  }
  const root = base.href.replace(/\/+$/, '')
  const href = url.href
  const rest = href.startsWith(root) ? href.slice(root.length) : undefined
  if (url.origin !== base.origin || rest === undefined || !/^([/?#]|$)/.test(rest)) throw new EnteCallError('ENTE_BAD_SHAPE', '(links.next sale de la URL registrada del ente)')
  return rest
}

async function readFeed (call: ProtocolCall): Promise<Feed> {
  const feed: Feed = { releases: [], dropped: 0 }
  let path: string | undefined = ''
  const seen = new Set<string>()
  for (let pages = 0; path !== undefined; pages++) {
    if (pages === MAX_FEED_PAGES || seen.has(path)) throw new EnteCallError('ENTE_BAD_SHAPE', `(el paquete de entregas pasa de ${MAX_FEED_PAGES} páginas o repite una)`)
    seen.add(path)
    const response = await call.client.send(call.entry, { method: 'GET', path }, call.context)
    checkStatus(response)
    const body = parseJson(response.text, 'paquete de entregas')
    if (!isObject(body) || !Array.isArray(body.releases)) throw new EnteCallError('ENTE_BAD_SHAPE', '(no es un paquete de entregas OCDS: falta releases)')
    const page = normalizeRecords(call.system, { totalRows: body.releases.length, hasNextPage: false, results: body.releases })
    feed.releases.push(...page.results)
    feed.dropped += page.dropped
    if (page.firstProblem !== undefined) feed.firstProblem ??= page.firstProblem
    path = nextPath(call.entry.connection.baseUrl, isObject(body.links) ? body.links.next : undefined)
  }
  return feed
}

/** The ente's feed, read once per `FEED_TTL_MS` however many searches ask for it. */
async function feedOf (call: ProtocolCall): Promise<Feed> {
  const key = `${call.system.id}\u0000${call.entry.clave}\u0000${call.entry.connection.baseUrl}`
  const now = Date.now()
  const kept = feeds.get(key)
  if (kept !== undefined && now - kept.at < FEED_TTL_MS) return await kept.feed
  const feed = readFeed(call)
  feeds.delete(key)
  feeds.set(key, { at: now, feed })
  if (feeds.size > MAX_FEEDS) feeds.delete(feeds.keys().next().value!)
  // A failed read is not kept: the next search asks again.
  feed.catch(() => { if (feeds.get(key)?.feed === feed) feeds.delete(key) })
  return await feed
}

/** A v1 search answered over the ente's whole feed: the profile's filters, its sort (ties in the feed's order), the page. */
export async function searchOcdsReleases (call: ProtocolCall, request: EnteSearchRequest, options: { countOnly?: boolean } = {}): Promise<NormalizedPage> {
  const feed = await feedOf(call)
  const query = (request.query ?? {}) as Query
  const sort = (request.sort ?? {}) as Sort
  const matching = feed.releases.filter(release => matchesQuery(call.system, release, query))
  const ordered = Object.keys(sort).length === 0 ? matching : matching.map((release, index) => ({ release, index })).sort((a, b) => compareRecords(call.system, sort, a.release, b.release) || a.index - b.index).map(({ release }) => release)
  const start = (request.page - 1) * request.pageSize
  const totalRows = ordered.length
  const page: NormalizedPage = { totalRows, hasNextPage: start + request.pageSize < totalRows, results: options.countOnly === true ? [] : structuredClone(ordered.slice(start, start + request.pageSize)), dropped: feed.dropped }
  if (feed.firstProblem !== undefined) page.firstProblem = feed.firstProblem
  return page
}

/** A feed of releases has no catalogue of institutions. */
export async function dependenciasOcdsReleases (): Promise<NormalizedDependencias> {
  throw new EnteCallError('ENTE_FILTER_UNSUPPORTED', '(un paquete de entregas OCDS no tiene catálogo de dependencias)')
}
