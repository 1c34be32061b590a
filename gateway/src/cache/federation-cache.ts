import { silentCacheLogger, type CacheLogger, type CacheStore } from '@see/cache'
import { enteGenerations, invalidateEnte, systemGeneration } from './generations.js'
import { enteKey, pageKey, queryDigest } from './keys.js'
import { readThrough, type Cached, type EntryFrame, type ReadThroughOptions } from '@see/cache'
import { ttlsFor, type CacheTtlOptions, type SystemCacheTtls } from './ttls.js'

export interface FederationCacheOptions extends Pick<ReadThroughOptions, 'now' | 'lockTtlMs' | 'waitMs' | 'pollMs' | 'servesStaleOn' | 'nearMs'> {
  store: CacheStore
  ttls?: CacheTtlOptions
  logger?: CacheLogger
  /**
   * How long a system's page generation read from the store is reused (default 1 s), so a page hit
   * on Redis is one round trip, not two. This instance's own invalidations apply at once; another
   * instance's reach this one within the interval (each instance also hears registry changes itself).
   */
  generationRefreshMs?: number
}

/** The request a federated page answers, after normalization (`query` keeps `rfcSolicitante`). */
export interface PageRequestParts {
  system: string
  query: object
  page: number
  pageSize: number
  sort: object | undefined
  /** Made for a client with the system's privileged scope (whole records): never shared with public answers. */
  privileged?: boolean
}

export interface PageOptions<T> {
  /** Whether the page may be stored; e.g. `page => page.failed.length === 0` keeps incomplete pages out. */
  cacheable?: (value: T) => boolean
  /** Longest to wait for another instance computing the same page (a share of the request's deadline). */
  waitMs?: number
  /** Stores pages framed: their serialized body apart from a small head (see `Framed`). */
  frame?: EntryFrame<T>
}

/** Everything the federation asks of the cache, with the per-system TTLs applied. */
export interface FederationCache {
  readonly store: CacheStore
  ttls: (system: string) => SystemCacheTtls
  /** A federated page from cache, or computed once across concurrent callers and instances. */
  page: <T>(request: PageRequestParts, compute: () => Promise<T>, options?: PageOptions<T>) => Promise<Cached<T> & { key: string }>
  /** Keys of per-ente entries (`count` with the query, `dependencias` without) under each ente's current generation. */
  enteKeys: (system: string, kind: string, entes: string[], query?: object) => Promise<string[]>
  /** Retires the ente's entries and every page of its system, on every instance sharing the store. */
  invalidateEnte: (system: string, ente: string) => Promise<void>
  /** Resolves once background refreshes have ended. */
  idle: () => Promise<void>
}

/** The page generation per system, read from the store at most once per `refreshMs`. */
function generationMemo (store: CacheStore, refreshMs: number, now: () => number): { read: (system: string) => Promise<number>, forget: (system: string) => void } {
  const known = new Map<string, { generation: number, readAt: number }>()
  return {
    async read (system) {
      const memo = known.get(system)
      const at = now()
      if (memo !== undefined && at - memo.readAt < refreshMs) return memo.generation
      const generation = await systemGeneration(store, system)
      known.set(system, { generation, readAt: at })
      return generation
    },
    forget: system => known.delete(system)
  }
}

export function federationCache (options: FederationCacheOptions): FederationCache {
  const { store } = options
  const known = new Map<string, SystemCacheTtls>()
  const ttls = (system: string): SystemCacheTtls => {
    let found = known.get(system)
    if (!found) known.set(system, found = ttlsFor(options.ttls, system))
    return found
  }
  for (const system of Object.keys(options.ttls ?? {})) ttls(system) // invalid TTLs fail at start, not on a request
  const pages = readThrough({ ...options, logger: options.logger ?? silentCacheLogger })
  const pageGeneration = generationMemo(store, options.generationRefreshMs ?? 1_000, options.now ?? Date.now)

  return {
    store,
    ttls,
    async page (request, compute, pageOptions = {}) {
      const generation = await pageGeneration.read(request.system)
      const key = pageKey({ ...request, generation })
      const t = ttls(request.system)
      const answer = await pages.get(key, compute, {
        freshMs: t.pageFreshMs,
        staleMs: t.pageStaleMs,
        staleIfErrorMs: t.pageStaleIfErrorMs,
        ...pageOptions
      })
      return { ...answer, key }
    },
    async enteKeys (system, kind, entes, query) {
      const generations = await enteGenerations(store, system, entes)
      const digest = query === undefined ? undefined : queryDigest(query) // hashed once for every ente
      return entes.map((ente, i) => enteKey({ system, ente, kind, generation: generations[i] ?? 0, ...(digest !== undefined && { queryDigest: digest }) }))
    },
    async invalidateEnte (system, ente) {
      await invalidateEnte(store, system, ente)
      pageGeneration.forget(system)
    },
    idle: async () => await pages.idle()
  }
}
