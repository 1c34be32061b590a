import { createLocalJWKSet, createRemoteJWKSet, errors, type JWK, type JWTVerifyGetKey } from 'jose'
import { KeyRing, SIGNING_ALGORITHMS, type SigningAlgorithm } from './keys.js'

/** Where a verifier finds public keys: the ring itself, a JWKS object, or the JWKS URL of the gateway. */
export type KeySource = KeyRing | { keys: JWK[] } | URL

export interface KeyResolver {
  getKey: JWTVerifyGetKey
  /** Pinned algorithms: asymmetric only, so `none` and HMAC-with-the-public-key never verify. */
  algorithms: () => SigningAlgorithm[]
}

/** Refuses tokens without a `kid`, so a single-key JWKS is never picked by default. */
function requireKid (inner: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    if (typeof header.kid !== 'string' || header.kid === '') throw new errors.JWKSNoMatchingKey()
    return await inner(header, token)
  }
}

export function keyResolver (source: KeySource): KeyResolver {
  if (source instanceof KeyRing) {
    return { getKey: requireKid(async header => source.getKey(header)), algorithms: () => source.algorithms }
  }
  if (source instanceof URL) {
    return { getKey: requireKid(createRemoteJWKSet(source, { cooldownDuration: 30_000, cacheMaxAge: 600_000 })), algorithms: () => [...SIGNING_ALGORITHMS] }
  }
  const local = createLocalJWKSet({ keys: source.keys })
  const algs = [...new Set(source.keys.map(k => k.alg).filter((a): a is SigningAlgorithm => SIGNING_ALGORITHMS.includes(a as SigningAlgorithm)))]
  return { getKey: requireKid(local), algorithms: () => algs.length > 0 ? algs : [...SIGNING_ALGORITHMS] }
}
