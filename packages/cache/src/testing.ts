import { vi, type Mock } from 'vitest'
import { memoryCache, type CacheLogger, type CacheStore } from './cache.js'

/** A clock the test moves by hand, for entry ages. */
export function manualClock (start = 1_700_000_000_000): { now: () => number, advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => { t += ms } }
}

/** A logger whose calls the test can count. */
export function recordingLogger (): { [K in keyof CacheLogger]: Mock<CacheLogger[K]> } {
  return { debug: vi.fn<CacheLogger['debug']>(), info: vi.fn<CacheLogger['info']>(), warn: vi.fn<CacheLogger['warn']>() }
}

/** A promise the test resolves or rejects when it chooses. */
export function gate<T> (): { promise: Promise<T>, open: (value: T) => void, fail: (err: unknown) => void } {
  let open!: (value: T) => void
  let fail!: (err: unknown) => void
  const promise = new Promise<T>((resolve, reject) => { open = resolve; fail = reject })
  return { promise, open, fail }
}

export type StoreMode = 'up' | 'failing' | 'hanging' | 'disconnected'

/** An in-process store standing in for Redis, which the test can make fail, hang or disconnect. */
export function controllableStore (): { store: CacheStore, inner: CacheStore, calls: () => number, setMode: (mode: StoreMode) => void } {
  const inner = memoryCache()
  let mode: StoreMode = 'up'
  let calls = 0
  const wrap = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    calls++
    if (mode === 'failing' || mode === 'disconnected') throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
    if (mode === 'hanging') return await new Promise<R>(() => {})
    return await fn(...args)
  }
  const store: CacheStore = {
    get: wrap(inner.get) as CacheStore['get'],
    set: wrap(inner.set),
    delete: wrap(inner.delete),
    getFramed: wrap(inner.getFramed),
    setFramed: wrap(inner.setFramed),
    setIfAbsent: wrap(inner.setIfAbsent),
    deleteIfEquals: wrap(inner.deleteIfEquals),
    expireIfEquals: wrap(inner.expireIfEquals),
    increment: wrap(inner.increment),
    counters: wrap(inner.counters),
    clear: wrap(inner.clear),
    ready: () => mode !== 'disconnected'
  }
  return { store, inner, calls: () => calls, setMode: (m) => { mode = m } }
}
