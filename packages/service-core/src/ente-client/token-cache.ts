export interface IssuedToken {
  accessToken: string
  /** Lifetime the issuer declared, in seconds; undefined when it did not say. */
  expiresInS: number | undefined
}

export interface CachedToken {
  accessToken: string
  /** Epoch ms after which the token is no longer handed out. */
  usableUntil: number
}

/**
 * A second tier every instance of the service sees (Redis, see shared-token-store.ts). Its
 * calls never fail: when the tier is away they read nothing and let this process fetch.
 */
export interface SharedTokens {
  /** A usable token for `key` that is not `refused`, if the tier holds one. */
  read: (key: string, refused?: string) => Promise<CachedToken | undefined>
  /** A new token from `fetch`, letting one instance fetch while the others wait for it, bounded. */
  issue: (key: string, fetch: () => Promise<CachedToken>, refused?: string) => Promise<CachedToken>
  /** Forgets `accessToken`, unless the tier already holds a newer token. */
  drop: (key: string, accessToken: string) => Promise<void>
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
 * Access tokens per ente (keyed by clave and the token server's origin). At most one token
 * request per key is in flight in this process: concurrent callers await the same promise. With
 * a shared tier, a token is looked for there before it is requested, and a requested one is
 * stored there for the other instances. A failed request is not cached, so the next call tries again.
 */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>()
  private readonly pending = new Map<string, Promise<string>>()
  /** The last token an ente refused, per key: never taken back from the shared tier. */
  private readonly refused = new Map<string, string>()
  private readonly now: () => number
  private readonly shared: SharedTokens | undefined

  constructor (now: () => number = Date.now, shared?: SharedTokens) {
    this.now = now
    this.shared = shared
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

  /**
   * Forgets `accessToken` after the ente refused it, unless a newer token already replaced it,
   * here and in the shared tier. Resolves once the shared tier forgot it too, so the next `get`
   * cannot read it back.
   */
  async invalidate (key: string, accessToken: string): Promise<void> {
    if (this.tokens.get(key)?.accessToken === accessToken) this.tokens.delete(key)
    this.refused.set(key, accessToken)
    await this.shared?.drop(key, accessToken)
  }

  private async refresh (key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    try {
      const fetch = async (): Promise<CachedToken> => {
        const issuedAt = this.now()
        const token = await issue()
        return { accessToken: token.accessToken, usableUntil: usableUntil(issuedAt, token.expiresInS) }
      }
      const token = this.shared === undefined ? await fetch() : await this.fromShared(this.shared, key, fetch)
      this.tokens.set(key, token)
      return token.accessToken
    } finally {
      this.pending.delete(key)
    }
  }

  /** A usable token the shared tier holds (never the one last refused), else a new one through it. */
  private async fromShared (shared: SharedTokens, key: string, fetch: () => Promise<CachedToken>): Promise<CachedToken> {
    const refused = this.refused.get(key)
    const stored = await shared.read(key, refused)
    if (stored !== undefined && stored.accessToken !== refused && this.now() < stored.usableUntil) return stored
    return await shared.issue(key, fetch, refused)
  }
}
