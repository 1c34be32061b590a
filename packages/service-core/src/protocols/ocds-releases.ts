import { createHash } from 'node:crypto'
import type { EnteSearchRequest } from '@see/openapi/types'
import { compareRecords, matchesQuery, type Query, type Sort } from '@see/systems'
import { EnteCallError } from '../outcome-errors.js'
import { normalizeRecords, type NormalizedDependencias, type NormalizedPage, type StandardRecord } from '../normalize.js'
import { dataUrlOf } from '../ente-client/client.js'
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
/** Releases and bytes of one feed read at most, whatever its pages: the whole feed sits in memory. */
const MAX_FEED_RELEASES = 50_000
const MAX_FEED_BYTES = 64 * 1024 * 1024
/** How long a feed read (or its failure) is answered from memory (a search asks for a count, then a page). */
const FEED_TTL_MS = 30_000
/** Releases kept in memory across every feed: the oldest feeds go first beyond it. */
const MAX_KEPT_RELEASES = 200_000

interface Feed { releases: StandardRecord[], dropped: number, firstProblem?: string }

/**
 * Feeds read lately, by ente and configuration (its version and credentials: a changed
 * configuration is read anew, never answered from the one before). The federation shares one;
 * a connection test makes its own, so it always reads the ente with the configuration it tests.
 */
export class FeedCache {
  private readonly feeds = new Map<string, { until: number, size: number, feed: Promise<Feed> }>()
  private kept = 0

  async get (key: string, read: () => Promise<Feed>): Promise<Feed> {
    const now = Date.now()
    const found = this.feeds.get(key)
    if (found !== undefined && now < found.until) return await found.feed
    this.drop(key)
    const feed = read()
    const entry = { until: Number.POSITIVE_INFINITY, size: 0, feed }
    this.feeds.set(key, entry)
    // Kept from the end of the read, a failure too: a failing feed is not read again by every search.
    feed.then(done => {
      entry.size = done.releases.length
      this.kept += entry.size
      this.evict(key)
    }, () => {}).finally(() => { entry.until = Date.now() + FEED_TTL_MS })
    return await feed
  }

  private drop (key: string): void {
    const found = this.feeds.get(key)
    if (found === undefined) return
    this.kept -= found.size
    this.feeds.delete(key)
  }

  private evict (newest: string): void {
    for (const key of this.feeds.keys()) {
      if (this.kept <= MAX_KEPT_RELEASES || key === newest) break
      this.drop(key)
    }
  }
}

const shared = new FeedCache()

function feedKey (call: ProtocolCall): string {
  const { entry } = call
  const version = 'configVersion' in entry ? String(entry.configVersion) : ''
  const credentials = createHash('sha256').update(JSON.stringify(entry.connection.auth)).digest('base64url')
  return [call.system.id, entry.clave, entry.connection.baseUrl, entry.connection.tokenUrl ?? '', version, credentials].join('\u0000')
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The path of `links.next` under the registered URL; a link elsewhere is refused (the SSRF guard
 * covers only that URL). A relative link is read against the page that holds it (`current`), as a
 * browser would; under a registered URL with a query, the next page may add to it (`&page=2`).
 */
export function nextPath (baseUrl: string, next: unknown, current = baseUrl): string | undefined {
  if (next === undefined || next === null) return undefined
  if (typeof next !== 'string') throw new EnteCallError('ENTE_BAD_SHAPE', '(links.next no es una URL)')
  const base = new URL(baseUrl)
  let url: URL
  try {
    url = new URL(next, current)
  } catch {
    throw new EnteCallError('ENTE_BAD_SHAPE', '(links.next no es una URL)')
  }
  const root = base.href.replace(/\/+$/, '')
  const href = url.href
  const rest = href.startsWith(root) ? href.slice(root.length) : undefined
  const continues = (tail: string): boolean => /^([/?#]|$)/.test(tail) || (base.search !== '' && tail.startsWith('&'))
  if (url.origin !== base.origin || rest === undefined || !continues(rest)) throw new EnteCallError('ENTE_BAD_SHAPE', '(links.next sale de la URL registrada del ente)')
  return rest
}

async function readFeed (call: ProtocolCall): Promise<Feed> {
  const feed: Feed = { releases: [], dropped: 0 }
  let path: string | undefined = ''
  const seen = new Set<string>()
  let bytes = 0
  let releases = 0
  for (let pages = 0; path !== undefined; pages++) {
    // A page is known by what the ente is asked (a fragment is never sent).
    const asked = path.split('#')[0]!
    if (pages === MAX_FEED_PAGES || seen.has(asked)) throw new EnteCallError('ENTE_BAD_SHAPE', `(el paquete de entregas pasa de ${MAX_FEED_PAGES} páginas o repite una)`)
    seen.add(asked)
    call.context.signal.throwIfAborted()
    const response = await call.client.send(call.entry, { method: 'GET', path: asked }, call.context)
    checkStatus(response)
    bytes += response.text.length
    if (bytes > MAX_FEED_BYTES) throw new EnteCallError('ENTE_RESPONSE_TOO_LARGE', `(el paquete de entregas pasa de ${MAX_FEED_BYTES / 1024 / 1024} MiB en total)`)
    const body = parseJson(response.text, 'paquete de entregas')
    if (!isObject(body) || !Array.isArray(body.releases)) throw new EnteCallError('ENTE_BAD_SHAPE', '(no es un paquete de entregas OCDS: falta releases)')
    releases += body.releases.length
    if (releases > MAX_FEED_RELEASES) throw new EnteCallError('ENTE_RESPONSE_TOO_LARGE', `(el paquete de entregas pasa de ${MAX_FEED_RELEASES} entregas en total)`)
    const page = normalizeRecords(call.system, { totalRows: body.releases.length, hasNextPage: false, results: body.releases })
    for (const release of page.results) feed.releases.push(release)
    feed.dropped += page.dropped
    if (page.firstProblem !== undefined) feed.firstProblem ??= page.firstProblem
    const { baseUrl } = call.entry.connection
    path = nextPath(baseUrl, isObject(body.links) ? body.links.next : undefined, dataUrlOf(baseUrl, asked).href)
  }
  return feed
}

/** A v1 search answered over the ente's whole feed: the profile's filters, its sort (ties in the feed's order), the page. */
export async function searchOcdsReleases (call: ProtocolCall, request: EnteSearchRequest, options: { countOnly?: boolean, feeds?: FeedCache } = {}): Promise<NormalizedPage> {
  const feed = await (options.feeds ?? shared).get(feedKey(call), async () => await readFeed(call))
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
