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
  requests: Array<{ page: number, pageSize: number }>
  skip: number
}

/**
 * Turns a window of an ente's list into requests for the ente's own fixed-size pages. A single page
 * is used when some page size up to the standard's maximum holds the whole window; otherwise two
 * consecutive pages of the window's length always do.
 */
export function pagesForWindow (offset: number, length: number, maxPageSize = 200): EntePagePlan {
  if (length < 1 || length > maxPageSize) throw new RangeError(`window length ${length} outside 1..${maxPageSize}`)
  for (let pageSize = length; pageSize <= maxPageSize; pageSize++) {
    const first = Math.floor(offset / pageSize)
    if (first === Math.floor((offset + length - 1) / pageSize)) {
      return { requests: [{ page: first + 1, pageSize }], skip: offset - first * pageSize }
    }
  }
  const first = Math.floor(offset / length)
  return {
    requests: [{ page: first + 1, pageSize: length }, { page: first + 2, pageSize: length }],
    skip: offset - first * length
  }
}
