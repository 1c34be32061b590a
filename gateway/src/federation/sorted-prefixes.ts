import { LRUCache } from 'lru-cache'

type RawRecord = Record<string, unknown>

/**
 * Records of one ente for one query and sort that a sorted page fetched and did not merge: the
 * run of the ente's order just past the merge frontier, so the next page of a crawl asks the ente
 * only for what lies beyond it.
 */
export interface SortedPrefix {
  records: RawRecord[]
  /** Position, in the ente's order, just after the last record held. */
  end: number
  /** The ente's total for the query when the run was fetched. */
  total: number
}

/** Default bound of the runs kept in process: 32 MiB, the same as the page cache's near copies. */
export const SORTED_RUNS_MAX_BYTES = 32 * 1024 * 1024
const ENTRY_OVERHEAD_BYTES = 256
/** Records sampled to estimate a run's size: serializing every record would cost as much as fetching it. */
const SAMPLED_RECORDS = 3

/**
 * Bytes a run takes in memory, estimated from a few records' JSON length (twice it: strings are
 * held as UTF-16 and objects add their own overhead).
 */
export function estimateRunBytes (records: readonly RawRecord[]): number {
  if (records.length === 0) return ENTRY_OVERHEAD_BYTES
  const step = Math.max(1, Math.floor(records.length / SAMPLED_RECORDS))
  let sampled = 0
  let bytes = 0
  for (let i = 0; i < records.length && sampled < SAMPLED_RECORDS; i += step, sampled++) bytes += JSON.stringify(records[i]).length * 2
  return ENTRY_OVERHEAD_BYTES + Math.ceil(bytes / sampled * records.length)
}

/**
 * The runs earlier sorted pages fetched past their frontier, per ente, query and sort. In process,
 * bounded by estimated bytes like the other in-process caches (least recently used go first), and
 * each entry lives as long as the ente's count for the query.
 */
export class SortedPrefixes {
  private readonly lru: LRUCache<string, SortedPrefix>

  constructor (maxBytes = SORTED_RUNS_MAX_BYTES) {
    this.lru = new LRUCache<string, SortedPrefix>({ maxSize: maxBytes, sizeCalculation: run => Math.min(maxBytes, estimateRunBytes(run.records)) })
  }

  get (key: string): SortedPrefix | undefined {
    return this.lru.get(key)
  }

  set (key: string, run: SortedPrefix, ttlMs: number): void {
    if (ttlMs > 0) this.lru.set(key, run, { ttl: ttlMs })
  }

  /** Bytes held, as estimated (for tests and diagnostics). */
  get bytes (): number {
    return this.lru.calculatedSize
  }
}
