// k-way merge of entes' sorted result streams into one total order.

export interface SortedStream<T> {
  ente: string
  /** Position of the ente in the fixed federation order: breaks ties between entes. */
  rank: number
  records: T[]
}

/**
 * Merges streams that are each sorted by `compare`, taking records in order until `limit`. Ties
 * between entes go to the lower rank; within one ente its own order is kept, so the result is
 * total and repeatable whatever the entes' own tie-breaks are.
 */
export function mergeSorted<T> (streams: Array<SortedStream<T>>, compare: (a: T, b: T) => number, limit: number): Array<{ ente: string, record: T }> {
  const lanes = streams.map(s => new MergeLane<T>(s.ente, s.rank, s.records.length))
  lanes.forEach((lane, i) => lane.append(streams[i]!.records, s => s))
  const cursor = new MergeCursor(lanes, compare)
  const out: Array<{ ente: string, record: T }> = []
  while (out.length < limit) {
    const step = cursor.next()
    if (step === undefined || 'blocked' in step) break
    out.push(step)
  }
  return out
}

/**
 * One ente's part of a streamed merge: the records fetched and not yet merged, and where they
 * sit in the ente's own order. Only a window of the ente's records is held at a time.
 */
export class MergeLane<T> {
  private buffer: T[] = []
  private head = 0
  /** Buffer index from which records are kept even once merged (see `pin`). */
  private pinned: number | undefined
  /** Position, in the ente's order, just after the last record fetched. */
  end: number

  constructor (readonly ente: string, readonly rank: number, public total: number | undefined, offset = 0) {
    this.end = offset
  }

  /** Records fetched and not merged yet. */
  get buffered (): number {
    return this.buffer.length - this.head
  }

  /** Position of the next record to merge: how far the merge has consumed this ente. */
  get offset (): number {
    return this.end - this.buffered
  }

  /** Whether the ente has records not fetched yet (unknown total: not asked yet). */
  get hasMore (): boolean {
    return this.total === undefined || this.end < this.total
  }

  peek (): T | undefined {
    return this.head < this.buffer.length ? this.buffer[this.head] : undefined
  }

  take (): T {
    return this.buffer[this.head++]!
  }

  /** The records not merged yet, oldest first. */
  pending (): T[] {
    return this.buffer.slice(this.head)
  }

  /** Keeps the records from the next one to merge on, merged or not, until `held()` is read. */
  pin (): void {
    this.pinned = this.head
  }

  /** The records from the pinned one (or the next one to merge) to the last fetched. */
  held (): T[] {
    return this.buffer.slice(this.pinned ?? this.head)
  }

  /**
   * Appends records that follow what is held; `end` moves to `newEnd` (given when the fetched pages
   * covered more positions than records arrived, e.g. records dropped as invalid).
   */
  append<R> (records: R[], map: (record: R) => T, newEnd = this.end + records.length): void {
    const drop = Math.min(this.head, this.pinned ?? this.head)
    if (drop > 0) {
      this.buffer = this.buffer.slice(drop)
      this.head -= drop
      if (this.pinned !== undefined) this.pinned -= drop
    }
    for (const record of records) this.buffer.push(map(record))
    this.end = Math.max(this.end, newEnd)
  }
}

/**
 * A k-way merge over lanes that are filled on demand: `next()` answers the next record in the
 * federation's order, or the lanes that must be fetched further before that can be told (one
 * whose held records ran out while the ente has more). Memory is what the lanes hold.
 */
export class MergeCursor<T> {
  constructor (readonly lanes: Array<MergeLane<T>>, private readonly compare: (a: T, b: T) => number) {}

  next (): { ente: string, record: T } | { blocked: Array<MergeLane<T>> } | undefined {
    let best: MergeLane<T> | undefined
    let bestRecord: T | undefined
    let blocked: Array<MergeLane<T>> | undefined
    for (const lane of this.lanes) {
      const record = lane.peek()
      if (record === undefined) {
        if (lane.hasMore) (blocked ??= []).push(lane)
        continue
      }
      if (best === undefined) {
        best = lane
        bestRecord = record
        continue
      }
      const order = this.compare(record, bestRecord as T)
      if (order < 0 || (order === 0 && lane.rank < best.rank)) {
        best = lane
        bestRecord = record
      }
    }
    if (blocked !== undefined) return { blocked }
    if (best === undefined) return undefined
    return { ente: best.ente, record: best.take() }
  }
}
