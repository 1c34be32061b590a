import { setTimeout as sleep } from 'node:timers/promises'
import { LRUCache } from 'lru-cache'
import { bodyBytes, silentCacheLogger, type CacheLogger, type CacheStore, type Framed } from './cache.js'
import { isLocked, tryLock, underLease } from './lock.js'

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
  /**
   * When a value stops being usable at all (epoch ms), e.g. an access token: past it the entry
   * counts as absent, and it is stored no longer than that. The ages above still apply.
   */
  expiresAt?: (value: T) => number
  /** Whether a stored value may answer this call (e.g. not the token an ente just refused); others count as absent. */
  accepts?: (value: T) => boolean
}

/**
 * How a value splits into a framed entry's small head and opaque body, and back. `join` may
 * throw (a body that does not decode, e.g. sealed with a key no longer in the ring): the entry
 * then counts as absent and is replaced by the next computed value.
 */
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
  /** The stored value of `key` if the policy still lets it answer (fresh or stale), without computing. */
  peek: <T>(key: string, policy: FreshnessPolicy<T>) => Promise<T | undefined>
  /** Removes the entry of `key` if its value `matches` (e.g. the token an ente refused, not a newer one). */
  forget: <T>(key: string, policy: FreshnessPolicy<T>, matches: (value: T) => boolean) => Promise<void>
  /**
   * One kind of entry under `<name>:` with its own policy (as async-cache-dedupe's `define`):
   * the policy may depend on the key (e.g. a frame that binds a sealed value to its key).
   */
  define: <T>(name: string, policy: FreshnessPolicy<T> | ((key: string) => FreshnessPolicy<T>)) => DefinedEntry<T>
  /** Resolves once every background refresh started so far has ended (tests, graceful shutdown). */
  idle: () => Promise<void>
}

/** The calls of `ReadThrough` for one defined kind of entry. */
export interface DefinedEntry<T> {
  get: (key: string, compute: () => Promise<T>, overrides?: Partial<FreshnessPolicy<T>>) => Promise<Cached<T>>
  peek: (key: string, overrides?: Partial<FreshnessPolicy<T>>) => Promise<T | undefined>
  forget: (key: string, matches: (value: T) => boolean) => Promise<void>
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

const NEAR_ENTRY_OVERHEAD_BYTES = 256

/** In-process copies of entries read from a shared store, bounded by age and by bytes. */
function nearCopies (ttlMs: number, maxBytes: number): { get: <T>(key: string) => Entry<T> | undefined, keep: <T>(key: string, entry: Entry<T>, frame: EntryFrame<T> | undefined) => void, forget: (key: string) => void } {
  const lru = new LRUCache<string, { entry: Entry<unknown>, bytes: number }>({ ttl: ttlMs, maxSize: maxBytes, sizeCalculation: copy => copy.bytes })
  return {
    get: <T>(key: string) => lru.get(key)?.entry as Entry<T> | undefined,
    forget: key => { lru.delete(key) },
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
 * across instances, the first to take the key's lock (see lock.ts: `SET NX PX`, released by
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
    let framed: Framed | undefined
    try {
      if (frame === undefined) return asEntry<T>(await store.get<unknown>(key))
      framed = await store.getFramed(key)
    } catch (err) {
      logger.debug({ err, key }, 'cache read failed: computing instead')
      return undefined
    }
    try {
      return fromFrame(framed, frame)
    } catch (err) {
      // It would not decode for the next reader either: removed, so it is reported once, not on every look.
      logger.debug({ err, key }, 'cache entry does not decode: removed')
      await store.delete(key).catch(() => {})
      return undefined
    }
  }

  /** Whether a stored entry may answer under `policy` at all (not past `expiresAt`, accepted). */
  function usable<T> (entry: Entry<T> | undefined, policy: FreshnessPolicy<T>): entry is Entry<T> {
    if (entry === undefined) return false
    if (policy.accepts !== undefined && !policy.accepts(entry.v)) return false
    return policy.expiresAt === undefined || now() < policy.expiresAt(entry.v)
  }

  async function computeAndStore<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>): Promise<T> {
    const value = await compute()
    if (policy.cacheable?.(value) === false) return value
    const at = now()
    const kept = Math.max(policy.staleMs, policy.staleIfErrorMs ?? 0)
    const ttl = policy.expiresAt === undefined ? kept : Math.min(kept, policy.expiresAt(value) - at)
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

  /**
   * Waits for the instance holding the lock to store a value other than the one `seen`.
   * Undefined when it released the lock without one (it failed, or its value was not
   * cacheable) or when time ran out.
   */
  async function awaitWinner<T> (key: string, seen: Entry<T> | undefined, giveUpAt: number, policy: FreshnessPolicy<T>): Promise<Entry<T> | undefined> {
    const changed = (entry: Entry<T> | undefined): entry is Entry<T> => usable(entry, policy) && entry.at !== seen?.at
    let pause = pollMs
    while (Date.now() < giveUpAt) {
      await sleep(Math.min(pause, Math.max(0, giveUpAt - Date.now())))
      pause = Math.min(pause * 2, pollMs * 16)
      const entry = await read(key, policy.frame)
      if (changed(entry)) return entry
      if (!await isLocked(store, key)) {
        const last = await read(key, policy.frame)
        return changed(last) ? last : undefined
      }
    }
    return undefined
  }

  async function produce<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>, seen: Entry<T> | undefined): Promise<Produced<T>> {
    const giveUpAt = Date.now() + (policy.waitMs ?? defaultWaitMs)
    while (true) {
      const lease = await tryLock(store, key, lockTtlMs)
      if (lease !== undefined) {
        // Another instance may have stored the value and freed the lock between our first look and
        // this lock: look once more under the lock (double-checked), so it is not computed twice.
        return await underLease(lease, async (): Promise<Produced<T>> => {
          const again = await read(key, policy.frame)
          if (usable(again, policy) && again.at !== seen?.at) return { value: again.v, coalesced: true }
          return { value: await computeAndStore(key, compute, policy), coalesced: false }
        })
      }
      const stored = await awaitWinner(key, seen, giveUpAt, policy)
      if (stored) return { value: stored.v, coalesced: true }
      if (Date.now() >= giveUpAt) {
        logger.debug({ key }, 'gave up waiting for another instance: computing here')
        return { value: await computeAndStore(key, compute, policy), coalesced: false }
      }
    }
  }

  function refreshInBackground<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>): void {
    if (refreshing.has(key) || inflight.has(key)) return
    const job = (async () => {
      // Another instance already refreshing this key is enough: no waiting, the stale value answered.
      const lease = await tryLock(store, key, lockTtlMs)
      if (lease === undefined) return
      await underLease(lease, async () => await computeAndStore(key, compute, policy))
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

  /** The entry of `key` as this call may use it: near copy first, then the store; unusable ones count as absent. */
  async function look<T> (key: string, policy: FreshnessPolicy<T>): Promise<Entry<T> | undefined> {
    // Only this first look may be answered near: waiting for another instance always reads the store.
    let entry = near?.get<T>(key)
    if (!usable(entry, policy)) {
      entry = await read(key, policy.frame)
      if (entry !== undefined) near?.keep(key, entry, policy.frame)
    }
    return usable(entry, policy) ? entry : undefined
  }

  const readThrough: ReadThrough = {
    async get<T> (key: string, compute: () => Promise<T>, policy: FreshnessPolicy<T>): Promise<Cached<T>> {
      const entry = await look(key, policy)
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
    async peek<T> (key: string, policy: FreshnessPolicy<T>): Promise<T | undefined> {
      const entry = await look(key, policy)
      return entry !== undefined && now() - entry.at < policy.staleMs ? entry.v : undefined
    },
    async forget<T> (key: string, policy: FreshnessPolicy<T>, matches: (value: T) => boolean): Promise<void> {
      near?.forget(key)
      const entry = await read(key, policy.frame)
      if (entry === undefined || !matches(entry.v)) return
      try {
        await store.delete(key)
      } catch (err) {
        logger.debug({ err, key }, 'cache delete failed: the entry expires by itself')
      }
    },
    define<T> (name: string, policy: FreshnessPolicy<T> | ((key: string) => FreshnessPolicy<T>)): DefinedEntry<T> {
      const policyOf = (key: string, overrides?: Partial<FreshnessPolicy<T>>): FreshnessPolicy<T> => ({ ...(typeof policy === 'function' ? policy(key) : policy), ...overrides })
      return {
        get: async (key, compute, overrides) => await readThrough.get(`${name}:${key}`, compute, policyOf(key, overrides)),
        peek: async (key, overrides) => await readThrough.peek(`${name}:${key}`, policyOf(key, overrides)),
        forget: async (key, matches) => { await readThrough.forget(`${name}:${key}`, policyOf(key), matches) }
      }
    },
    async idle () {
      await Promise.all([...refreshing.values()])
    }
  }
  return readThrough
}
