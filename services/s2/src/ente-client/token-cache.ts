export interface IssuedToken {
  accessToken: string
  /** Lifetime the issuer declared, in seconds; undefined when it did not say. */
  expiresInS: number | undefined
}

interface CachedToken {
  accessToken: string
  /** Epoch ms after which the token is no longer handed out. */
  usableUntil: number
}

/** Lifetime assumed when an issuer omits `expires_in`. */
export const ASSUMED_LIFETIME_S = 60
const MAX_MARGIN_MS = 30_000

/** A token is retired 10% of its lifetime (at most 30 s) early, so no call starts with a token about to expire. */
export function usableUntil (issuedAt: number, expiresInS: number | undefined): number {
  const lifetimeMs = Math.max(0, expiresInS ?? ASSUMED_LIFETIME_S) * 1000
  return issuedAt + lifetimeMs - Math.min(MAX_MARGIN_MS, lifetimeMs / 10)
}

/**
 * Access tokens per ente. At most one token request per ente is in flight: concurrent callers
 * await the same promise. A failed request is not cached, so the next call tries again.
 */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>()
  private readonly pending = new Map<string, Promise<string>>()
  private readonly now: () => number

  constructor (now: () => number = Date.now) {
    this.now = now
  }

  async get (key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const cached = this.tokens.get(key)
    if (cached !== undefined && this.now() < cached.usableUntil) return cached.accessToken
    let pending = this.pending.get(key)
    if (pending === undefined) {
      pending = this.refresh(key, issue)
      this.pending.set(key, pending)
    }
    return await pending
  }

  /** Forgets `accessToken` after the ente refused it, unless a newer token already replaced it. */
  invalidate (key: string, accessToken: string): void {
    if (this.tokens.get(key)?.accessToken === accessToken) this.tokens.delete(key)
  }

  private async refresh (key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    try {
      const issuedAt = this.now()
      const token = await issue()
      this.tokens.set(key, { accessToken: token.accessToken, usableUntil: usableUntil(issuedAt, token.expiresInS) })
      return token.accessToken
    } finally {
      this.pending.delete(key)
    }
  }
}
