import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { ConfigError } from './errors.js'

// The one AES-256-GCM key ring of the platform: registry credentials at rest
// (SEE_CREDENTIALS_KEYS) and ente tokens kept in Redis (SEE_CACHE_KEY) are sealed by it.
//
// Envelope: enc1:<key id>:<iv>:<ciphertext>:<tag>, base64url parts, a random 12-byte IV. The key
// id in each value lets keys rotate: the first key of the ring seals, every key opens. The
// associated data (`context`) binds a value to its place, so a value copied elsewhere (another
// ente, system, field or Redis key) does not open. This is the format the registry has written
// since migration 001, so every credential already stored opens unchanged.

const ALGORITHM = 'aes-256-gcm'
const FORMAT = 'enc1'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
// 32 bytes are 43 base64 characters and one `=` of padding (optional; URL-safe letters accepted).
const BASE64_32_BYTES = /^[A-Za-z0-9+/_-]{43}=?$/

/** Why a sealed value did not open; the message names no secret. */
export type SealedValueProblem = 'format' | 'unknown-key' | 'does-not-open'

/** A sealed value that does not open: foreign format, key id not in the ring, or wrong key, moved or altered. */
export class SealedValueError extends Error {
  readonly code = 'SEE_SEALED_VALUE_INVALID'
  constructor (readonly problem: SealedValueProblem, readonly keyId: string | undefined, message: string) {
    super(message)
  }
}

export interface RingKey {
  id: string
  key: Buffer
}

/**
 * Keys by id; the first seals, all open. To rotate: put the new key first, keep the old ones
 * after it until nothing sealed with them is left (re-seal credentials; tokens expire), then drop
 * them. Key bytes live in private fields: they never show in `JSON.stringify`, `util.inspect` or a log.
 */
export class KeyRing {
  readonly #keys = new Map<string, Buffer>()
  readonly currentKid: string

  /** `variable` names the setting the keys come from, in every error about them. */
  constructor (readonly variable: string, keys: RingKey[]) {
    const [first] = keys
    if (first === undefined) throw new ConfigError(`${variable} no contiene ninguna llave; use id:llave-base64[,id:llave-base64…] (p. ej. k1:$(openssl rand -base64 32)).`)
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new ConfigError(`${variable}: el identificador de llave "${id.slice(0, 32)}" debe tener de 1 a 32 caracteres A-Z, a-z, 0-9, _ o -; escriba cada llave como id:llave-base64.`)
      if (key.length !== KEY_BYTES) throw new ConfigError(`${variable}: la llave ${id} debe medir ${KEY_BYTES} bytes en base64 (p. ej. openssl rand -base64 32).`)
      if (this.#keys.has(id)) throw new ConfigError(`${variable}: el identificador de llave ${id} está repetido; dé a cada llave un id distinto.`)
      this.#keys.set(id, key)
    }
    this.currentKid = first.id
  }

  /**
   * `<key id>:<base64url HMAC-SHA256>` of `text` with the current key: equal texts give equal
   * values under one key, and the text cannot be read back (audit of queries, QUERY_AUDIT_KEY).
   */
  hmac (text: string): string {
    return `${this.currentKid}:${createHmac('sha256', this.#keys.get(this.currentKid)!).update(text).digest('base64url')}`
  }

  /** Whether a key with this id is in the ring. */
  has (id: string): boolean {
    return this.#keys.has(id)
  }

  toJSON (): { variable: string, currentKid: string, kids: string[] } {
    return { variable: this.variable, currentKid: this.currentKid, kids: [...this.#keys.keys()] }
  }

  /** `plaintext` sealed with the current key and bound to `context`. */
  seal (plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv(ALGORITHM, this.#keys.get(this.currentKid) as Buffer, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [FORMAT, this.currentKid, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':')
  }

  /** The plaintext of a value sealed with any key of the ring for the same `context`; a `SealedValueError` otherwise. */
  open (sealed: string, context: string): string {
    const parts = sealed.split(':')
    const [format, kid, iv = '', ciphertext = '', tag = ''] = parts
    if (parts.length !== 5 || format !== FORMAT || kid === undefined) throw new SealedValueError('format', undefined, 'sealed value has an unknown format')
    const key = this.#keys.get(kid)
    if (key === undefined) throw new SealedValueError('unknown-key', kid.slice(0, 32), `sealed with unknown key id "${kid.slice(0, 32)}"`)
    const ivBytes = Buffer.from(iv, 'base64url')
    const tagBytes = Buffer.from(tag, 'base64url')
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new SealedValueError('does-not-open', kid, 'sealed value has a malformed IV or tag')
    try {
      const decipher = createDecipheriv(ALGORITHM, key, ivBytes, { authTagLength: TAG_BYTES })
      decipher.setAAD(Buffer.from(context, 'utf8'))
      decipher.setAuthTag(tagBytes)
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
    } catch {
      throw new SealedValueError('does-not-open', kid, `sealed value does not open with key id "${kid}" here (wrong key, moved or altered)`)
    }
  }
}

/** The key id a sealed value was made with (to find values to re-seal after a rotation). */
export function sealedKeyId (sealed: string): string | undefined {
  const parts = sealed.split(':')
  return parts.length === 5 && parts[0] === FORMAT ? parts[1] : undefined
}

/**
 * Reads `id:base64key[,id:base64key…]` from the setting `variable` (the first key seals). Every
 * error names the variable and how to fix it, never a key.
 */
export function parseKeyRing (variable: string, value: string | undefined): KeyRing {
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(`falta ${variable}; use id:llave-base64[,id:llave-base64…], la primera cifra (p. ej. k1:$(openssl rand -base64 32)).`)
  }
  const entries = value.split(',').map(entry => entry.trim()).filter(entry => entry !== '')
  return new KeyRing(variable, entries.map((entry, index): RingKey => {
    const colon = entry.indexOf(':')
    if (colon <= 0) throw new ConfigError(`${variable}, entrada ${index + 1}: cada llave se escribe id:llave-base64 (un id de 1 a 32 letras, dígitos, "_" o "-").`)
    const id = entry.slice(0, colon)
    const material = entry.slice(colon + 1)
    if (KEY_ID.test(id) && !BASE64_32_BYTES.test(material)) {
      throw new ConfigError(`${variable}: la llave ${id} debe medir ${KEY_BYTES} bytes en base64 (p. ej. openssl rand -base64 32).`)
    }
    return { id, key: Buffer.from(material, 'base64') }
  }))
}

/** A fresh key in the configuration format (demo, tests, rotation). */
export function generateKey (id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`
}
