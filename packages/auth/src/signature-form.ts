import { errors } from 'jose'

// ECDSA signatures are malleable: (r, s) and (r, n − s) both verify. This platform signs ES256
// with s in the lower half of the group order and refuses the other form, so that one token
// has one encoding (caches, logs and revocation lists key on the token text).

/** Order of the P-256 group (FIPS 186-4 D.1.2.3). */
const P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551n
const HALF_ORDER = P256_ORDER >> 1n
/** ES256 signatures in JWS are r ‖ s, 32 bytes each (RFC 7518 §3.4). */
const ES256_SIGNATURE_BYTES = 64

const toBigInt = (bytes: Buffer): bigint => BigInt(`0x${bytes.toString('hex') || '0'}`)
const toBytes = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(64, '0'), 'hex')

function signatureOf (jws: string): { head: string, signature: Buffer } | undefined {
  const dot = jws.lastIndexOf('.')
  if (dot < 0) return undefined
  return { head: jws.slice(0, dot), signature: Buffer.from(jws.slice(dot + 1), 'base64url') }
}

/** A compact ES256 JWS with its signature in low-S form (the same token when it already is). */
export function lowSignature (jws: string, alg: string): string {
  if (alg !== 'ES256') return jws
  const parts = signatureOf(jws)
  if (parts === undefined || parts.signature.length !== ES256_SIGNATURE_BYTES) return jws
  const s = toBigInt(parts.signature.subarray(32))
  if (s <= HALF_ORDER) return jws
  const low = Buffer.concat([parts.signature.subarray(0, 32), toBytes(P256_ORDER - s)])
  return `${parts.head}.${low.toString('base64url')}`
}

/** Refuses an ES256 signature whose s lies in the upper half of the order (the malleated twin of a valid one). */
export function assertLowSignature (jws: string, alg: string | undefined): void {
  if (alg !== 'ES256') return
  const parts = signatureOf(jws)
  const s = parts === undefined || parts.signature.length !== ES256_SIGNATURE_BYTES ? undefined : toBigInt(parts.signature.subarray(32))
  if (s === undefined || s > HALF_ORDER) throw new errors.JWSSignatureVerificationFailed('non-canonical (high-S) ES256 signature')
}
