import { LRUCache } from 'lru-cache'

type RawRecord = Record<string, unknown>

/** The first records of one ente for one query and sort, in the ente's sorted order. */
export interface SortedPrefix {
  records: RawRecord[]
  /** The ente's total for the query when the prefix was fetched. */
  total: number
}

/**
 * What earlier sorted pages fetched, per ente, query and sort, so the next (deeper) page of a
 * crawl asks each ente only for the records it does not have yet. In process and bounded by the
 * number of records held; entries live as long as the ente's count for the query.
 */
export class SortedPrefixes {
  private readonly lru: LRUCache<string, SortedPrefix>

  constructor (maxRecords = 200_000) {
    this.lru = new LRUCache<string, SortedPrefix>({ maxSize: maxRecords, sizeCalculation: prefix => Math.max(1, prefix.records.length) })
  }

  get (key: string): SortedPrefix | undefined {
    return this.lru.get(key)
  }

  set (key: string, prefix: SortedPrefix, ttlMs: number): void {
    if (ttlMs > 0) this.lru.set(key, prefix, { ttl: ttlMs })
  }
}
