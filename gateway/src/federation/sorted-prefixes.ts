import { LRUCache } from 'lru-cache'
import type { SortKey } from '@see/systems'
import type { RecordLine } from '../upstream/lines.js'

/** A record of a sorted run: its line (JSON text's bytes, federated id included) and what it sorts by. */
export interface SortedLine {
  line: RecordLine
  keys: SortKey[]
}

/**
 * Records of one ente for one query and sort that a sorted page fetched and did not merge: the
 * run of the ente's order just past the merge frontier, so the next page of a crawl asks the ente
 * only for what lies beyond it.
 */
export interface SortedPrefix {
  records: SortedLine[]
  /** Position, in the ente's order, just after the last record held. */
  end: number
  /** The ente's total for the query when the run was fetched. */
  total: number
}

/** Default bound of the runs kept in process: 32 MiB, the same as the page cache's near copies. */
export const SORTED_RUNS_MAX_BYTES = 32 * 1024 * 1024
const ENTRY_OVERHEAD_BYTES = 256
/** What each record of a run costs beyond its texts (the object, the keys' array). */
const RECORD_OVERHEAD_BYTES = 64

/** Bytes a run takes in memory: its lines' bytes, its keys' texts (UTF-16, so twice their length) and a fixed overhead per record. */
export function estimateRunBytes (records: readonly SortedLine[]): number {
  let bytes = ENTRY_OVERHEAD_BYTES
  for (const record of records) {
    bytes += RECORD_OVERHEAD_BYTES + record.line.length
    for (const key of record.keys) bytes += typeof key === 'string' ? key.length * 2 : 8
  }
  return bytes
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
