const SAMPLES = 32

/**
 * The last few successful call durations of one ente: a rough median (the retry policy's guess of
 * a call's cost) and the slowest (what the per-ente timeout is scaled from).
 */
export class RecentLatencies {
  private readonly samples: number[] = []
  private next = 0
  /** The median since the last sample (every call asks for it; sorting once per sample is enough). */
  private median: number | undefined

  record (ms: number): void {
    if (this.samples.length < SAMPLES) this.samples.push(ms)
    else this.samples[this.next] = ms
    this.next = (this.next + 1) % SAMPLES
    this.median = undefined
  }

  /** Median of the recent samples, undefined before the first one. */
  p50 (): number | undefined {
    if (this.samples.length === 0) return undefined
    if (this.median === undefined) {
      const sorted = [...this.samples].sort((a, b) => a - b)
      this.median = sorted[Math.floor((sorted.length - 1) / 2)]
    }
    return this.median
  }

  /** The slowest of the recent samples, undefined before the first one. */
  slowest (): number | undefined {
    return this.samples.length === 0 ? undefined : Math.max(...this.samples)
  }
}
