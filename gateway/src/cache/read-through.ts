import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { LRUCache } from 'lru-cache'
import { bodyBytes, silentCacheLogger, type CacheLogger, type CacheStore, type Framed } from './cache.js'

/**
 * How an answer was obtained: `hit` fresh from cache; `miss` computed by this call; `stale`
 * served past its freshness while a background refresh runs; `stale-if-error` served because
 * computing failed; `coalesced` computed once for several identical concurrent calls, by
 * another call of this process or by another gateway instance.
 */
export type CacheState = 'hit' | 'miss' | 'stale' | 'stale-if-error' | 'coalesced'

export interface Cached<T> {
  value: T
  state: CacheState
}

/** Ages are measured from when the value was computed; each limit is at least the one before. */
export interface FreshnessPolicy<T = unknown> {
  /** Younger than this: served as it is. */
  freshMs: number
  /** Younger than this: served at once, and refreshed in the background. Older: computed again. */
  staleMs: number
  /** Younger than this: served when computing again fails with a server-side error. Default `staleMs`. */
  staleIfErrorMs?: number
  /** Whether a computed value may be stored (e.g. not a page some ente failed to answer). Default: always. */
  cacheable?: (value: T) => boolean
  /** Longest this call waits for another instance computing the same key (e.g. a share of the request's deadline). */
  waitMs?: number
  /** Stores values as framed entries (see `Framed`): for values whose bulk is already-serialized text. */
  frame?: EntryFrame<T>
}

/** How a value splits into a framed entry's small head and opaque body, and back. */
export interface EntryFrame<T> {
  split: (value: T) => { head: object, body: string | Buffer }
  join: (head: object, body: string | Buffer) => T
}

export interface ReadThroughOptions {
  store: CacheStore
  logger?: CacheLogger
  /** Clock that stamps and ages entries (tests move it). */
  now?: () => number
  /** Lifetime of the cross-instance lock: longer than any compute, short enough to outlive a crashed holder briefly. */
  lockTtlMs?: number
  /** Default of `FreshnessPolicy.waitMs`. */
  waitMs?: number
  /** First pause between looks at another instance's progress; it doubles up to 16 times this. */
  pollMs?: number
  /** Which compute errors let a stale value answer; default `isServerSideError`. */
  servesStaleOn?: (err: unknown) => boolean
  /**
   * Keep what a lookup read from a shared store (Redis) in process this long (0, the default: never),
   * so a hot entry costs one Redis read per instance per interval. Entries keep their own age, so
   * freshness is judged as before; another instance's newer value shows here within the interval.
   */
  nearMs?: number
  /** Most bytes kept near, counting framed bodies (default 32 MiB; the least recently used go first). */
  nearMaxBytes?: number
}

export interface ReadThrough {
  /** The value of `key`: from cache when fresh enough, otherwise computed once across callers and instances. */
  get: <T>(key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>) => Promise<Cached<T>>
  /** Resolves once every background refresh started so far has ended (tests, graceful shutdown). */
  idle: () => Promise<void>
}

/** Stored form: the value and when it was computed, so each reader judges freshness by its own policy. */
interface Entry<T> {
  v: T
  at: number
}

interface Produced<T> {
  value: T
  coalesced: boolean
}

/**
 * Errors that say nothing about the request itself — no `statusCode` (timeouts, connection
 * errors, bugs) or a 5xx (upstream unavailable, deadline exceeded) — may be answered with a
 * stale value. A 4xx describes the request, and a stale copy would hide it.
 */
export function isServerSideError (err: unknown): boolean {
  const status = (err as { statusCode?: unknown } | null)?.statusCode
  return typeof status !== 'number' || status >= 500
}

/** The head of a framed entry: when the value was computed, and the value's own head. */
interface FrameHead {
  at: number
  h: object
}

function fromFrame<T> (framed: Framed | undefined, frame: EntryFrame<T>): Entry<T> | undefined {
  const head = framed?.head as Partial<FrameHead> | undefined
  if (framed === undefined || typeof head?.at !== 'number' || head.h === null || typeof head.h !== 'object') return undefined
  return { v: frame.join(head.h, framed.body), at: head.at }
}

function asEntry<T> (raw: unknown): Entry<T> | undefined {
  if (raw === null || typeof raw !== 'object' || !('v' in raw) || typeof (raw as { at?: unknown }).at !== 'number') return undefined
  return raw as Entry<T>
}

function lockKeyOf (key: string): string {
  return `lock:${key}`
}

const NEAR_ENTRY_OVERHEAD_BYTES = 256

/** In-process copies of entries read from a shared store, bounded by age and by bytes. */
function nearCopies (ttlMs: number, maxBytes: number): { get: <T>(key: string) => Entry<T> | undefined, keep: <T>(key: string, entry: Entry<T>, frame: EntryFrame<T> | undefined) => void } {
  const lru = new LRUCache<string, { entry: Entry<unknown>, bytes: number }>({ ttl: ttlMs, maxSize: maxBytes, sizeCalculation: copy => copy.bytes })
  return {
    get: <T>(key: string) => lru.get(key)?.entry as Entry<T> | undefined,
    keep (key, entry, frame) {
      const body = frame?.split(entry.v).body
      lru.set(key, { entry, bytes: NEAR_ENTRY_OVERHEAD_BYTES + (body === undefined ? 0 : bodyBytes(body)) })
    }
  }
}

/**
 * Read-through cache with stale-while-revalidate, stale-if-error and request coalescing.
 *
 * Coalescing works at two levels: identical concurrent calls in this process share one promise;
 * across instances, the first to take a short lock in the store (`SET NX PX`, released by
 * compare-and-delete) computes while the others poll the key for its value, bounded by `waitMs`,
 * then compute themselves. If the store is away the lock is the in-process one: still one compute
 * per instance, never a failure.
 */
export function readThrough (options: ReadThroughOptions): ReadThrough {
  const { store } = options
  const logger = options.logger ?? silentCacheLogger
  const now = options.now ?? Date.now
  const lockTtlMs = options.lockTtlMs ?? 5000
  const defaultWaitMs = options.waitMs ?? 3000
  const pollMs = options.pollMs ?? 5
  const servesStaleOn = options.servesStaleOn ?? isServerSideError
  const near = (options.nearMs ?? 0) > 0 ? nearCopies(options.nearMs!, options.nearMaxBytes ?? 32 * 1024 * 1024) : undefined
  const inflight = new Map<string, Promise<Produced<unknown>>>()
  const refreshing = new Map<string, Promise<void>>()

  async function read<T> (key: string, frame: EntryFrame<T> | undefined): Promise<Entry<T> | undefined> {
    try {
      if (frame !== undefined) return fromFrame(await store.getFramed(key), frame)
      return asEntry<T>(await store.get<unknown>(key))
    } catch (err) {
      logger.debug({ err, key }, 'cache read failed: computing instead')
      return undefined
    }
  }

  async function computeAndStore<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>): Promise<T> {
    const value = await compute()
    if (policy.cacheable?.(value) === false) return value
    const ttl = Math.max(policy.staleMs, policy.staleIfErrorMs ?? 0)
    const at = now()
    try {
      if (policy.frame === undefined) {
        await store.set(key, { v: value, at } satisfies Entry<T>, ttl)
      } else {
        const { head, body } = policy.frame.split(value)
        await store.setFramed(key, { head: { at, h: head } satisfies FrameHead, body }, ttl)
      }
      near?.keep(key, { v: value, at }, policy.frame)
    } catch (err) {
      logger.debug({ err, key }, 'cache write failed')
    }
    return value
  }

  /** True when this caller holds the lock, or when the store cannot tell (then it computes itself). */
  async function tryLock (lockKey: string, token: string): Promise<boolean> {
    try {
      return await store.setIfAbsent(lockKey, token, lockTtlMs)
    } catch {
      return true
    }
  }

  async function unlock (lockKey: string, token: string): Promise<void> {
    try {
      await store.deleteIfEquals(lockKey, token)
    } catch {} // the lock expires by itself
  }

  async function locked<T> (lockKey: string, token: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } finally {
      await unlock(lockKey, token)
    }
  }

  /**
   * Waits for the instance holding the lock to store a value other than the one `seen`.
   * Undefined when it released the lock without one (it failed, or its value was not
   * cacheable) or when time ran out.
   */
  async function awaitWinner<T> (key: string, seen: Entry<T> | undefined, giveUpAt: number, frame: EntryFrame<T> | undefined): Promise<Entry<T> | undefined> {
    const changed = (entry: Entry<T> | undefined): entry is Entry<T> => entry !== undefined && entry.at !== seen?.at
    let pause = pollMs
    while (Date.now() < giveUpAt) {
      await sleep(Math.min(pause, Math.max(0, giveUpAt - Date.now())))
      pause = Math.min(pause * 2, pollMs * 16)
      const entry = await read(key, frame)
      if (changed(entry)) return entry
      const lockHeld = await store.get(lockKeyOf(key)).catch(() => undefined) !== undefined
      if (!lockHeld) {
        const last = await read(key, frame)
        return changed(last) ? last : undefined
      }
    }
    return undefined
  }

  async function produce<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>, seen: Entry<T> | undefined): Promise<Produced<T>> {
    const lockKey = lockKeyOf(key)
    const token = randomUUID()
    const giveUpAt = Date.now() + (policy.waitMs ?? defaultWaitMs)
    while (true) {
      if (await tryLock(lockKey, token)) {
        return { value: await locked(lockKey, token, async () => await computeAndStore(key, compute, policy)), coalesced: false }
      }
      const stored = await awaitWinner(key, seen, giveUpAt, policy.frame)
      if (stored) return { value: stored.v, coalesced: true }
      if (Date.now() >= giveUpAt) {
        logger.debug({ key }, 'gave up waiting for another instance: computing here')
        return { value: await computeAndStore(key, compute, policy), coalesced: false }
      }
    }
  }

  function refreshInBackground<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>): void {
    if (refreshing.has(key) || inflight.has(key)) return
    const token = randomUUID()
    const lockKey = lockKeyOf(key)
    const job = (async () => {
      // Another instance already refreshing this key is enough: no waiting, the stale value answered.
      if (!await tryLock(lockKey, token)) return
      await locked(lockKey, token, async () => await computeAndStore(key, compute, policy))
    })()
      .catch((err: unknown) => logger.debug({ err, key }, 'background refresh failed: the stale entry stays'))
      .finally(() => refreshing.delete(key))
    refreshing.set(key, job)
  }

  async function settle<T> (job: Promise<Produced<T>>, own: 'miss' | 'coalesced', entry: Entry<T> | undefined, age: number, policy: FreshnessPolicy<T>): Promise<Cached<T>> {
    try {
      const produced = await job
      return { value: produced.value, state: produced.coalesced ? 'coalesced' : own }
    } catch (err) {
      if (entry !== undefined && age < (policy.staleIfErrorMs ?? policy.staleMs) && servesStaleOn(err)) {
        logger.debug({ err, ageMs: age }, 'serving a stale entry: computing failed')
        return { value: entry.v, state: 'stale-if-error' }
      }
      throw err
    }
  }

  return {
    async get<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>): Promise<Cached<T>> {
      // Only this first look may be answered near: waiting for another instance always reads the store.
      let entry = near?.get<T>(key)
      if (entry === undefined) {
        entry = await read(key, policy.frame)
        if (entry !== undefined) near?.keep(key, entry, policy.frame)
      }
      const age = entry === undefined ? Infinity : now() - entry.at
      if (entry !== undefined && age < policy.freshMs) return { value: entry.v, state: 'hit' }
      if (entry !== undefined && age < policy.staleMs) {
        refreshInBackground(key, compute, policy)
        return { value: entry.v, state: 'stale' }
      }
      const running = inflight.get(key) as Promise<Produced<T>> | undefined
      if (running) return await settle(running, 'coalesced', entry, age, policy)
      // No await between the lookup above and this registration: concurrent callers see it.
      const job = produce(key, compute, policy, entry)
      inflight.set(key, job)
      const forget = (): void => { inflight.delete(key) }
      job.then(forget, forget)
      return await settle(job, 'miss', entry, age, policy)
    },
    async idle () {
      await Promise.all([...refreshing.values()])
    }
  }
}
