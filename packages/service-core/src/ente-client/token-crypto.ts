import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

// Tokens kept in Redis are sealed with AES-256-GCM: whoever reads Redis (a dump, a replica, a
// shared instance) learns no ente's token, and a value copied under another key does not open.

const ALGORITHM = 'aes-256-gcm'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const FORMAT = 'v1'
const KID = /^[A-Za-z0-9_-]{1,32}$/
// 32 bytes are 43 base64 characters and one `=` of padding (optional; URL-safe letters accepted).
const BASE64_32_BYTES = /^[A-Za-z0-9+/_-]{43}=?$/

/** Unusable `SEE_CACHE_KEY`: says what is wrong, never the key. */
export class CacheKeyError extends Error {
  readonly code = 'SEE_CACHE_KEY_INVALID'
}

/** A sealed value that does not open: unknown key id, wrong key, tampered, moved, or not ours. */
export class SealedValueError extends Error {
  readonly code = 'SEE_SEALED_VALUE_INVALID'
}

interface CacheKey {
  kid: string
  key: Buffer
}

/**
 * The keys that seal cached tokens. The first one seals; every one opens, so a key can be
 * rotated: put the new key first, keep the old one after it until the values it sealed expired
 * (the longest token lifetime), then remove it. The key bytes live in private fields: they never
 * show in `JSON.stringify`, `util.inspect` or a log line.
 */
export class TokenKeyRing {
  readonly #keys: Map<string, Buffer>
  readonly #current: CacheKey

  constructor (keys: CacheKey[]) {
    const [current] = keys
    if (current === undefined) throw new CacheKeyError('SEE_CACHE_KEY no contiene ninguna llave.')
    this.#current = current
    this.#keys = new Map()
    for (const { kid, key } of keys) {
      if (this.#keys.has(kid)) throw new CacheKeyError(`SEE_CACHE_KEY repite el identificador de llave "${kid}".`)
      this.#keys.set(kid, key)
    }
  }

  /** The key id values are sealed with now. */
  get currentKid (): string {
    return this.#current.kid
  }

  toJSON (): { currentKid: string, kids: string[] } {
    return { currentKid: this.#current.kid, kids: [...this.#keys.keys()] }
  }

  /** `plaintext` sealed with the current key and bound to `context` (e.g. the Redis key it lives under). */
  seal (plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv(ALGORITHM, this.#current.key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [FORMAT, this.#current.kid, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':')
  }

  /** The plaintext of a value `seal` made with any key of the ring for the same `context`. */
  open (sealed: string, context: string): string {
    const [format, kid, iv, tag, ciphertext, ...rest] = sealed.split(':')
    if (format !== FORMAT || kid === undefined || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
      throw new SealedValueError('sealed value has an unknown format')
    }
    const key = this.#keys.get(kid)
    if (key === undefined) throw new SealedValueError(`sealed with unknown key id "${kid.slice(0, 32)}"`)
    const ivBytes = Buffer.from(iv, 'base64')
    const tagBytes = Buffer.from(tag, 'base64')
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new SealedValueError('sealed value has a malformed IV or tag')
    try {
      const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES })
      decipher.setAAD(Buffer.from(context, 'utf8'))
      decipher.setAuthTag(tagBytes)
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8')
    } catch {
      throw new SealedValueError(`sealed value does not open with key id "${kid}" for this key (wrong key, moved or altered)`)
    }
  }
}

/**
 * Reads `SEE_CACHE_KEY`: comma-separated `kid:base64` entries, each a 32-byte key (standard or
 * URL-safe base64) under an id of letters, digits, `_` or `-`. The first entry seals.
 */
export function parseTokenKeys (value: string): TokenKeyRing {
  const entries = value.split(',').map(entry => entry.trim()).filter(entry => entry.length > 0)
  return new TokenKeyRing(entries.map((entry, index) => {
    const colon = entry.indexOf(':')
    const kid = colon === -1 ? '' : entry.slice(0, colon)
    const material = colon === -1 ? '' : entry.slice(colon + 1)
    if (!KID.test(kid)) {
      throw new CacheKeyError(`SEE_CACHE_KEY, entrada ${index + 1}: use "id:llave-en-base64" con un id de 1 a 32 letras, dígitos, "_" o "-".`)
    }
    if (!BASE64_32_BYTES.test(material)) {
      throw new CacheKeyError(`SEE_CACHE_KEY, llave "${kid}": debe ser de ${KEY_BYTES} bytes en base64 (p. ej. openssl rand -base64 32).`)
    }
    return { kid, key: Buffer.from(material, 'base64') }
  }))
}
