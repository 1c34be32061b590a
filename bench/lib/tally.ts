/** The value of header `name` (lower case) in raw `[name, value, …]` pairs. */
function valueOf (rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.length === name.length && rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1]
  }
  return undefined
}

/** Counts the values one response header took over a load (`(none)` when absent). */
export class HeaderTally {
  readonly counts = new Map<string, number>()
  total = 0

  constructor (readonly header: string) {}

  readonly record = (_status: number, rawHeaders: readonly string[]): void => {
    const value = valueOf(rawHeaders, this.header) ?? '(none)'
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1)
    this.total++
  }

  /** Answers whose header value satisfies `test`. */
  count (test: (value: string) => boolean): number {
    let sum = 0
    for (const [value, n] of this.counts) if (test(value)) sum += n
    return sum
  }

  /** e.g. `x-see-cache hit 99.8% stale 0.2%`. */
  describe (): string {
    if (this.total === 0) return `${this.header} -`
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([value, n]) => `${value} ${percent(n, this.total)}`)
    return `${this.header} ${parts.join(' ')}`
  }
}

export function percent (part: number, whole: number): string {
  if (whole === 0) return '-'
  const share = (100 * part) / whole
  return `${share === 100 || share === 0 ? share.toFixed(0) : share.toFixed(1)}%`
}
