// Exact pagination over entes laid end to end in a fixed order. Pure functions: no I/O.

/** The slice of one ente's own result list that a global page needs. */
export interface EnteWindow {
  ente: string
  /** Zero-based offset into the ente's result list. */
  offset: number
  length: number
}

export interface EnteCount {
  ente: string
  totalRows: number
}

/**
 * Which part of which ente a global page covers, given every ente's count for the query in the
 * fixed federation order. Entes before the page or after it are not asked at all, so page 1000
 * costs what page 1 costs once counts are known.
 */
export function windowsForPage (counts: EnteCount[], page: number, pageSize: number): EnteWindow[] {
  const start = (page - 1) * pageSize
  const end = start + pageSize
  const windows: EnteWindow[] = []
  let enteStart = 0
  for (const { ente, totalRows } of counts) {
    const enteEnd = enteStart + totalRows
    const from = Math.max(start, enteStart)
    const to = Math.min(end, enteEnd)
    if (from < to) windows.push({ ente, offset: from - enteStart, length: to - from })
    if (enteEnd >= end) break
    enteStart = enteEnd
  }
  return windows
}

/** Pages to request from an ente, and how many leading records of their concatenation to skip. */
export interface EntePagePlan {
  /** Consecutive pages of one size. */
  requests: Array<{ page: number, pageSize: number }>
  skip: number
}

/** What one more ente call costs, counted in records: a page of fewer records that needs one more call is not always cheaper. */
const CALL_COST_RECORDS = 25
/** At most this many ente pages per window. */
const MAX_PAGES_PER_WINDOW = 4

/**
 * Turns a window of an ente's list into requests for consecutive pages of one size (the standard's
 * paging: any size up to `maxPageSize`). Among every size, the one that reads the fewest records,
 * each call counted as `CALL_COST_RECORDS` more, wins: a window lined up with some page size is one
 * page of exactly its records, and a misaligned one is read in pages that fit it closely (a window
 * at offset 100 of 200 records is pages 2 and 3 of 100, not pages 1 and 2 of 200).
 */
export function pagesForWindow (offset: number, length: number, maxPageSize = 200): EntePagePlan {
  if (length < 1 || length > maxPageSize) throw new RangeError(`window length ${length} outside 1..${maxPageSize}`)
  let best = { pageSize: length, first: 0, pages: Number.POSITIVE_INFINITY, cost: Number.POSITIVE_INFINITY }
  // Below length / MAX_PAGES_PER_WINDOW no size can hold the window in that many pages.
  for (let pageSize = maxPageSize; pageSize >= Math.ceil(length / MAX_PAGES_PER_WINDOW); pageSize--) {
    const first = Math.floor(offset / pageSize)
    const pages = Math.floor((offset + length - 1) / pageSize) - first + 1
    if (pages > MAX_PAGES_PER_WINDOW) continue
    const cost = pages * (pageSize + CALL_COST_RECORDS)
    if (cost < best.cost) best = { pageSize, first, pages, cost }
  }
  return {
    requests: Array.from({ length: best.pages }, (_, i) => ({ page: best.first + i + 1, pageSize: best.pageSize })),
    skip: offset - best.first * best.pageSize
  }
}
