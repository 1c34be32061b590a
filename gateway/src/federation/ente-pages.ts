import { LRUCache } from 'lru-cache'
import type { RecordLine } from '../upstream/lines.js'

/**
 * Records of one ente's result list for one query (its count key), by position, as earlier pages
 * or read-ahead fetched them. Fetches under way are held too, so a page that needs their records
 * waits for them instead of asking the ente again.
 */
interface HeldList {
  /** Records (each its JSON text's bytes) by zero-based position in the ente's list; holes where nothing was fetched. */
  records: Map<number, RecordLine>
  /** What the held records weigh, in bytes. */
  size: number
  pending: Array<{ from: number, to: number, done: Promise<void> }>
}

/** What an empty list counts for in the bound. */
const LIST_OVERHEAD = 256

export interface EntePagesOptions {
  /** Upper bound of what is held, in (estimated) bytes. */
  maxBytes?: number
  /** How long records stay held: a crawl moves on within seconds, and an ente's data may change. */
  ttlMs?: number
}

/**
 * Ente records already fetched and not yet answered, kept for the next window of a crawl: with
 * 500-record entes and pages of 200, the window that starts at an ente's record 100 finds what
 * the previous page's fetch read beyond its own window, and a read-ahead leaves the next page's
 * records here. Records a page answered with are let go (`forget`). Bounded by bytes; in process,
 * per system service.
 */
export class EntePages {
  private readonly lru: LRUCache<string, HeldList>
  private readonly ttlMs: number

  constructor (options: EntePagesOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000
    this.lru = new LRUCache<string, HeldList>({
      maxSize: Math.max(LIST_OVERHEAD, options.maxBytes ?? 64 * 1024 * 1024),
      sizeCalculation: list => LIST_OVERHEAD + list.size,
      ttl: this.ttlMs
    })
  }

  /** Waits for the fetches under way that hold records of `[from, to)` of the list, at most `maxWaitMs` (never fails). */
  async settled (key: string, from: number, to: number, maxWaitMs: number): Promise<void> {
    const waiting = this.lru.get(key)?.pending.filter(p => p.from < to && from < p.to) ?? []
    if (waiting.length === 0) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(waiting.map(async p => await p.done)),
      new Promise<void>(resolve => { timer = setTimeout(resolve, maxWaitMs) })
    ])
    clearTimeout(timer)
  }

  /** Whether `[from, to)` is held or being fetched: nothing more to read ahead there. */
  covered (key: string, from: number, to: number): boolean {
    const list = this.lru.get(key)
    if (list === undefined) return false
    for (let at = from; at < to; at++) {
      if (!list.records.has(at) && !list.pending.some(p => p.from <= at && at < p.to)) return false
    }
    return true
  }

  /** The held records of `[from, to)`, with holes (undefined) where none is held. */
  read (key: string, from: number, to: number): Array<RecordLine | undefined> {
    const records = this.lru.get(key)?.records
    return Array.from({ length: to - from }, (_, i) => records?.get(from + i))
  }

  /**
   * Keeps `records`, the ente's list from position `from` on, for at most `ttlMs` (the count's TTL:
   * records outlive neither the count they were placed by nor `EntePagesOptions.ttlMs`).
   */
  keep (key: string, from: number, records: readonly RecordLine[], ttlMs: number): void {
    if (records.length === 0 || ttlMs <= 0) return
    const list = this.listOf(key)
    records.forEach((record, i) => {
      list.size += record.length - (list.records.get(from + i)?.length ?? 0)
      list.records.set(from + i, record)
    })
    // Re-set so the size counts the new records (and the bound evicts older lists).
    this.lru.set(key, list, { ttl: Math.min(ttlMs, this.ttlMs) })
  }

  /**
   * Lets go of `[from, to)` once a page has answered with it: held records are for the windows
   * that come next, not a second page cache. A page asked again asks its entes again (and learns
   * of an ente that failed since, as it must).
   */
  forget (key: string, from: number, to: number): void {
    const list = this.lru.get(key)
    if (list === undefined) return
    for (let at = from; at < to; at++) {
      list.size -= list.records.get(at)?.length ?? 0
      list.records.delete(at)
    }
  }

  /** Marks `[from, to)` as being fetched until `done` settles. */
  fetching (key: string, from: number, to: number, done: Promise<unknown>): void {
    const list = this.listOf(key)
    const entry = { from, to, done: done.then(() => {}, () => {}) }
    list.pending.push(entry)
    const remove = (): void => { list.pending.splice(list.pending.indexOf(entry), 1) }
    entry.done.then(remove, remove)
  }

  private listOf (key: string): HeldList {
    let list = this.lru.get(key)
    if (list === undefined) {
      list = { records: new Map(), pending: [], size: 0 }
      this.lru.set(key, list)
    }
    return list
  }
}

/** One store per system service (the sandbox's service has its own), so lists of different services never mix. */
const stores = new WeakMap<object, EntePages>()

export function entePagesFor (service: object): EntePages {
  let store = stores.get(service)
  if (store === undefined) {
    store = new EntePages()
    stores.set(service, store)
  }
  return store
}
