// Exact paging over lists laid end to end in a fixed order, knowing each list's length: the idea
// of the gateway's paging across entes, applied here to the collections of one provider.

export interface Window {
  /** Index of the list in the fixed order. */
  list: number
  /** Zero-based offset into that list. */
  offset: number
  length: number
}

/** The slices of the lists that the records `[start, start + length)` of their concatenation cover. */
export function windowsOf (lengths: readonly number[], start: number, length: number): Window[] {
  const end = start + length
  const windows: Window[] = []
  let listStart = 0
  lengths.forEach((size, list) => {
    const from = Math.max(start, listStart)
    const to = Math.min(end, listStart + size)
    if (from < to) windows.push({ list, offset: from - listStart, length: to - from })
    listStart += size
  })
  return windows
}
