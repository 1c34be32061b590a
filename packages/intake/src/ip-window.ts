import { IntakeRateLimitedError } from './errors.js'

// Abuse control per address: at most `max` requests an hour per IP, counted in fixed windows, in
// process (bounded: the oldest addresses go first). Over it, a 429 that says why and when to
// come back; the rest of the platform is untouched.

const HOUR_MS = 3_600_000

export class IpWindow {
  private readonly counts = new Map<string, { start: number, n: number }>()

  constructor (private readonly max: number, private readonly maxAddresses = 100_000, private readonly windowMs = HOUR_MS) {}

  /** Counts one request of `ip`; throws IntakeRateLimitedError beyond the limit. */
  take (ip: string, now = Date.now()): void {
    let entry = this.counts.get(ip)
    if (entry === undefined || now - entry.start >= this.windowMs) {
      this.counts.delete(ip)
      if (this.counts.size >= this.maxAddresses) this.counts.delete(this.counts.keys().next().value as string)
      entry = { start: now, n: 0 }
      this.counts.set(ip, entry)
    }
    entry.n++
    if (entry.n > this.max) throw new IntakeRateLimitedError(this.max, Math.max(1, Math.ceil((entry.start + this.windowMs - now) / 1000)))
  }
}
