import { randomBytes } from 'node:crypto'

export type TokenStatus = 'valid' | 'expired' | 'unknown'

const SWEEP_ABOVE = 10_000

/** Opaque random bearer tokens with an expiry, as a reference provider's OAuth server issues them. */
export class TokenStore {
  private readonly expiries = new Map<string, number>()

  constructor (readonly ttlSeconds: number) {}

  issue (): string {
    if (this.expiries.size > SWEEP_ABOVE) this.sweep()
    const token = randomBytes(24).toString('base64url')
    this.expiries.set(token, Date.now() + this.ttlSeconds * 1000)
    return token
  }

  status (token: string): TokenStatus {
    const expiresAt = this.expiries.get(token)
    if (expiresAt === undefined) return 'unknown'
    return Date.now() < expiresAt ? 'valid' : 'expired'
  }

  /** Every token issued so far becomes expired (tests of a client's renewal). */
  expireAll (): void {
    for (const token of this.expiries.keys()) this.expiries.set(token, 0)
  }

  /** Full crawls ask for a token per call; forget long-expired ones so memory stays bounded. */
  private sweep (): void {
    const now = Date.now()
    for (const [token, expiresAt] of this.expiries) {
      if (expiresAt <= now) this.expiries.delete(token)
    }
  }
}
