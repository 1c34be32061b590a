import type { CompactJWSHeaderParameters, JWTPayload } from 'jose'
import { LRUCache } from 'lru-cache'
import type { KeyResolver } from './key-source.js'

export interface Verified<C extends JWTPayload> {
  claims: C
  header: CompactJWSHeaderParameters
}

export interface VerifiedSignaturesOptions {
  clockToleranceSeconds: number
  /** Refuse a remembered token once its `iat` is older than this (jose's `maxTokenAge`). */
  maxTokenAgeSeconds?: number
  max?: number
  now?: () => number
}

/**
 * Checks each token's signature once. A caller reuses one token for many calls (the PDN its access
 * token, the gateway its service token), and an ES256 verification costs more than everything else
 * on a cached path. A remembered token is still re-checked on every use for expiry, age and that
 * its key is still in the ring (a retired key voids its tokens at once).
 */
export function verifiedSignatures<C extends JWTPayload> (resolver: KeyResolver, options: VerifiedSignaturesOptions): (cacheKey: string, verify: () => Promise<Verified<C>>) => Promise<C> {
  const verified = new LRUCache<string, Verified<C>>({ max: options.max ?? 10_000 })
  const nowSeconds = (): number => (options.now ?? Date.now)() / 1000
  const tolerance = options.clockToleranceSeconds

  function stillTimely (claims: C): boolean {
    const now = nowSeconds()
    if (typeof claims.exp !== 'number' || claims.exp + tolerance <= now) return false
    if (options.maxTokenAgeSeconds === undefined) return true
    return typeof claims.iat === 'number' && now - claims.iat <= options.maxTokenAgeSeconds + tolerance
  }

  return async (cacheKey, verify) => {
    const known = verified.get(cacheKey)
    if (known !== undefined && stillTimely(known.claims)) {
      try {
        await resolver.getKey(known.header, { payload: '', signature: '' } as never)
        return known.claims
      } catch (err) {
        verified.delete(cacheKey)
        throw err
      }
    }
    verified.delete(cacheKey)
    const fresh = await verify()
    verified.set(cacheKey, fresh)
    return fresh.claims
  }
}
