import { IntakeRateLimitedError } from './errors.js'

// Abuse control per address: at most `max` requests an hour per IP, counted in fixed windows, in
// process and bounded in memory: at most `maxAddresses` addresses are counted at once, and when a
// new one comes the one whose window is oldest is forgotten. Over the limit, a 429 that says why
// and when to come back; the rest of the platform is untouched.

const HOUR_MS = 3_600_000

/** The gateway's limits on filings and tracking, per client address and gateway instance. */
export interface IntakeLimits {
  /** Filings an hour per address. */
  filingsPerHour: number
  /** Tracking requests an hour per address. */
  trackingPerHour: number
  /** Addresses counted at once by each limit (its memory bound). */
  trackedAddresses: number
}

export const INTAKE_LIMIT_DEFAULTS: Readonly<IntakeLimits> = Object.freeze({ filingsPerHour: 20, trackingPerHour: 60, trackedAddresses: 100_000 })

export class IpWindow {
  /** By address, in the order their windows started (a renewed window moves to the end). */
  private readonly counts = new Map<string, { start: number, n: number }>()

  constructor (private readonly max: number, private readonly maxAddresses = INTAKE_LIMIT_DEFAULTS.trackedAddresses, private readonly windowMs = HOUR_MS) {
    if (!(Number.isInteger(max) && max >= 1 && Number.isInteger(maxAddresses) && maxAddresses >= 1)) throw new RangeError('IpWindow: max and maxAddresses must be positive integers')
  }

  /** Addresses counted now (never more than `maxAddresses`). */
  get size (): number {
    return this.counts.size
  }

  /** Counts one request of `ip`; beyond the limit throws IntakeRateLimitedError, whose `retryAfterSeconds` says when the window ends. */
  take (ip: string, now = Date.now()): void {
    let entry = this.counts.get(ip)
    if (entry === undefined || now - entry.start >= this.windowMs) {
      this.counts.delete(ip)
      if (this.counts.size >= this.maxAddresses) this.counts.delete(this.counts.keys().next().value as string)
      entry = { start: now, n: 0 }
      this.counts.set(ip, entry)
    }
    entry.n++
    if (entry.n > this.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((entry.start + this.windowMs - now) / 1000))
      throw Object.assign(new IntakeRateLimitedError(this.max, retryAfterSeconds), { retryAfterSeconds })
    }
  }
}
