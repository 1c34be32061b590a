import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto'
import { calculateJwkThumbprint, errors, type JWK, type JWSHeaderParameters } from 'jose'

export type SigningAlgorithm = 'ES256' | 'EdDSA'
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['ES256', 'EdDSA']

/** A public key as published in the JWKS. */
export interface PublicJwk extends JWK {
  kid: string
  alg: SigningAlgorithm
  use: 'sig'
}

export interface JsonWebKeySet {
  keys: PublicJwk[]
}

interface RingKey {
  kid: string
  alg: SigningAlgorithm
  publicKey: KeyObject
  privateKey?: KeyObject
  publicJwk: PublicJwk
  /** Epoch ms after which a retired key no longer verifies; undefined while it is current or configured. */
  retiresAt?: number
}

export interface KeyRingOptions {
  /** How long a key keeps verifying after `rotate()` retires it: at least the longest token lifetime plus clock skew. */
  retainSeconds?: number
  now?: () => number
}

/** Thrown for unusable key material in SEE_JWT_KEYS; names what is wrong, never the key. */
export class KeyConfigError extends Error {
  readonly code = 'SEE_AUTH_KEY_CONFIG'
}

const DEFAULT_RETAIN_SECONDS = 3600

function algorithmOf (jwk: JWK): SigningAlgorithm {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256'
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA'
  throw new KeyConfigError(`Tipo de llave no admitido (kty=${String(jwk.kty)}, crv=${String(jwk.crv)}); use EC P-256 (ES256) o Ed25519 (EdDSA).`)
}

function publicJwkOf (publicKey: KeyObject): JWK {
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' }) as JWK
  return y === undefined ? { kty, crv, x } : { kty, crv, x, y }
}

async function ringKey (publicKey: KeyObject, privateKey: KeyObject | undefined, kid?: string): Promise<RingKey> {
  const bare = publicJwkOf(publicKey)
  const alg = algorithmOf(bare)
  const id = kid ?? await calculateJwkThumbprint(bare)
  const key: RingKey = { kid: id, alg, publicKey, publicJwk: { ...bare, kid: id, alg, use: 'sig' } }
  if (privateKey !== undefined) key.privateKey = privateKey
  return key
}

async function generateRingKey (alg: SigningAlgorithm): Promise<RingKey> {
  const pair = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')
  return await ringKey(pair.publicKey, pair.privateKey)
}

async function keyFromJwk (jwk: JWK): Promise<RingKey> {
  algorithmOf(jwk)
  if (jwk.alg !== undefined && !SIGNING_ALGORITHMS.includes(jwk.alg as SigningAlgorithm)) {
    throw new KeyConfigError(`Algoritmo no admitido en la llave ${jwk.kid ?? ''}: ${jwk.alg}.`)
  }
  const input = { key: jwk as NodeJwk, format: 'jwk' as const }
  if (jwk.d !== undefined) {
    const privateKey = createPrivateKey(input)
    return await ringKey(createPublicKey(privateKey), privateKey, jwk.kid)
  }
  return await ringKey(createPublicKey(input), undefined, jwk.kid)
}

async function keysFromPem (text: string): Promise<RingKey[]> {
  const blocks = text.match(/-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g) ?? []
  if (blocks.length === 0) throw new KeyConfigError('SEE_JWT_KEYS no contiene un JWKS JSON ni llaves PEM.')
  return await Promise.all(blocks.map(async pem => {
    if (pem.includes('PRIVATE KEY')) {
      const privateKey = createPrivateKey(pem)
      return await ringKey(createPublicKey(privateKey), privateKey)
    }
    return await ringKey(createPublicKey(pem), undefined)
  }))
}

/**
 * The signing keys of the platform: one current key that signs, and earlier keys that still
 * verify the tokens they signed until those tokens can no longer be valid. Private keys live only
 * in memory; `jwks()` publishes public parts.
 */
export class KeyRing {
  readonly retainSeconds: number
  private readonly now: () => number
  private keys: RingKey[]

  private constructor (keys: RingKey[], options: KeyRingOptions) {
    if (keys.length === 0) throw new KeyConfigError('El anillo de llaves está vacío.')
    const kids = new Set(keys.map(k => k.kid))
    if (kids.size !== keys.length) throw new KeyConfigError('Hay llaves repetidas (mismo kid) en el anillo.')
    this.keys = keys
    this.retainSeconds = options.retainSeconds ?? DEFAULT_RETAIN_SECONDS
    this.now = options.now ?? Date.now
  }

  /** A ring with one fresh key: for development, tests and single-instance deployments. */
  static async generate (alg: SigningAlgorithm = 'ES256', options: KeyRingOptions = {}): Promise<KeyRing> {
    return new KeyRing([await generateRingKey(alg)], options)
  }

  /**
   * Reads `SEE_JWT_KEYS`: a JWK Set (`{"keys":[…]}`) or concatenated PEM blocks (PKCS#8 private,
   * SPKI public). The first key signs; the others only verify. Public-only material gives a ring
   * that verifies but cannot sign (what a service that trusts the gateway needs).
   */
  static async fromConfig (value: string, options: KeyRingOptions = {}): Promise<KeyRing> {
    const text = value.trim()
    if (!text.startsWith('{')) return new KeyRing(await keysFromPem(text), options)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new KeyConfigError('SEE_JWT_KEYS no es JSON válido.')
    }
    const list = (parsed as { keys?: unknown }).keys
    if (!Array.isArray(list)) throw new KeyConfigError('SEE_JWT_KEYS debe ser un JWKS: {"keys":[...]}')
    return new KeyRing(await Promise.all(list.map(async jwk => await keyFromJwk(jwk as JWK))), options)
  }

  /** A ring from `SEE_JWT_KEYS` when set, else freshly generated keys. */
  static async fromEnv (env: Record<string, string | undefined> = process.env, options: KeyRingOptions = {}): Promise<KeyRing> {
    const configured = env.SEE_JWT_KEYS
    return configured !== undefined && configured.trim() !== '' ? await KeyRing.fromConfig(configured, options) : await KeyRing.generate('ES256', options)
  }

  /** A verify-only ring from a published JWKS. */
  static async fromJwks (jwks: { keys: JWK[] }, options: KeyRingOptions = {}): Promise<KeyRing> {
    return new KeyRing(await Promise.all(jwks.keys.map(async jwk => await keyFromJwk({ ...jwk, d: undefined }))), options)
  }

  /** The key that signs new tokens. */
  get current (): { kid: string, alg: SigningAlgorithm, privateKey: KeyObject } {
    const key = this.keys[0]
    if (key?.privateKey === undefined) throw new KeyConfigError('El anillo de llaves no tiene llave privada para firmar.')
    return { kid: key.kid, alg: key.alg, privateKey: key.privateKey }
  }

  get canSign (): boolean {
    return this.keys[0]?.privateKey !== undefined
  }

  /** Algorithms a verifier accepts: only those of keys in the ring, never `none` or HMAC. */
  get algorithms (): SigningAlgorithm[] {
    return [...new Set(this.live().map(k => k.alg))]
  }

  /**
   * Makes a fresh key current. The previous keys keep verifying for `retainSeconds`, so tokens
   * already issued stay valid until they expire. Returns the new kid.
   */
  async rotate (alg: SigningAlgorithm = this.keys[0]?.alg ?? 'ES256'): Promise<string> {
    const fresh = await generateRingKey(alg)
    const retiresAt = this.now() + this.retainSeconds * 1000
    this.keys = [fresh, ...this.live().map(k => ({ ...k, retiresAt: k.retiresAt ?? retiresAt }))]
    return fresh.kid
  }

  /** Drops a key at once (a compromised key must not wait for its tokens to expire). */
  retire (kid: string): void {
    if (this.keys[0]?.kid === kid) throw new KeyConfigError('No se puede retirar la llave vigente; rote primero.')
    this.keys = this.keys.filter(k => k.kid !== kid)
  }

  jwks (): JsonWebKeySet {
    return { keys: this.live().map(k => ({ ...k.publicJwk })) }
  }

  /** The verification key for a kid, or undefined when unknown or retired. */
  publicKey (kid: string): { key: KeyObject, alg: SigningAlgorithm } | undefined {
    const key = this.live().find(k => k.kid === kid)
    return key === undefined ? undefined : { key: key.publicKey, alg: key.alg }
  }

  /** A jose key resolver: the header must name a live kid and that key's own algorithm. */
  readonly getKey = (header: JWSHeaderParameters): KeyObject => {
    const found = typeof header.kid === 'string' ? this.publicKey(header.kid) : undefined
    if (found === undefined) throw new errors.JWKSNoMatchingKey()
    if (found.alg !== header.alg) throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed')
    return found.key
  }

  /** The private ring as a JWK Set for SEE_JWT_KEYS (print once, store as a secret). */
  exportConfig (): string {
    return JSON.stringify({
      keys: this.live().map(k => ({ ...(k.privateKey ?? k.publicKey).export({ format: 'jwk' }), kid: k.kid, alg: k.alg, use: 'sig' }))
    })
  }

  private live (): RingKey[] {
    const now = this.now()
    return this.keys.filter((k, i) => i === 0 || k.retiresAt === undefined || k.retiresAt > now)
  }
}
