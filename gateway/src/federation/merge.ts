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
  const heads = streams.map(() => 0)
  const out: Array<{ ente: string, record: T }> = []
  while (out.length < limit) {
    let best = -1
    for (let i = 0; i < streams.length; i++) {
      const stream = streams[i]!
      if (heads[i]! >= stream.records.length) continue
      if (best === -1) { best = i; continue }
      const bestStream = streams[best]!
      const order = compare(stream.records[heads[i]!]!, bestStream.records[heads[best]!]!)
      if (order < 0 || (order === 0 && stream.rank < bestStream.rank)) best = i
    }
    if (best === -1) break
    const stream = streams[best]!
    out.push({ ente: stream.ente, record: stream.records[heads[best]!]! })
    heads[best]!++
  }
  return out
}
