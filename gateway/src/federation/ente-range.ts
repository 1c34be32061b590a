// Which ente pages to ask for so that a range of an ente's ordered records arrives in the fewest
// calls and records. Entes page by (page, pageSize) with pageSize ≤ 200, so an arbitrary range
// rarely lines up with one of their pages: some records before or after it come along.

/** Largest page an ente serves (the standards' limit). */
export const MAX_ENTE_PAGE = 200

/** One more ente call weighs as much as this many more records (latency against bytes). */
const CALL_WEIGHT_RECORDS = 50

export interface EntePages {
  pages: Array<{ page: number, pageSize: number }>
  /** Position, in the ente's order, of the first record the pages return. */
  start: number
  /** Position just after the last record the pages cover. */
  end: number
}

function cover (from: number, to: number, calls: number): EntePages | undefined {
  for (let size = Math.ceil((to - from) / calls); size <= MAX_ENTE_PAGE; size++) {
    const first = Math.floor(from / size)
    if ((first + calls) * size >= to) {
      return { pages: Array.from({ length: calls }, (_, i) => ({ page: first + i + 1, pageSize: size })), start: first * size, end: (first + calls) * size }
    }
  }
  return undefined
}

/**
 * The cheapest ente pages covering positions [from, to). Up to 200 records: one page when one page
 * size up to 200 covers the range, otherwise two consecutive pages (always possible), whichever
 * costs less counting each call as `CALL_WEIGHT_RECORDS` records. Longer ranges: pages of 200.
 */
export function pagesCovering (from: number, to: number): EntePages {
  if (!(to > from) || from < 0) throw new RangeError(`bad ente range [${from}, ${to})`)
  if (to - from > MAX_ENTE_PAGE) {
    const first = Math.floor(from / MAX_ENTE_PAGE)
    const last = Math.ceil(to / MAX_ENTE_PAGE)
    return { pages: Array.from({ length: last - first }, (_, i) => ({ page: first + i + 1, pageSize: MAX_ENTE_PAGE })), start: first * MAX_ENTE_PAGE, end: last * MAX_ENTE_PAGE }
  }
  const one = cover(from, to, 1)
  const two = cover(from, to, 2)!
  if (one === undefined) return two
  const cost = (p: EntePages): number => p.pages.length * CALL_WEIGHT_RECORDS + (p.end - p.start)
  return cost(one) <= cost(two) ? one : two
}
