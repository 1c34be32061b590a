import { randomBytes } from 'node:crypto'
import { ConfigError } from '@see/kit'

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const KEY_BYTES = 32

/**
 * The keys that seal credentials at rest, by key id; the first configured key seals, every
 * configured key opens, so values sealed before a rotation still open. The key bytes live in a
 * private field: they never show in `JSON.stringify`, `util.inspect` or a log line.
 */
export class CredentialKeys {
  readonly #keys: Map<string, Buffer>
  readonly currentId: string

  constructor (keys: Array<[id: string, key: Buffer]>) {
    const first = keys[0]
    if (first === undefined) throw new ConfigError('SEE_CREDENTIALS_KEYS no contiene ninguna llave')
    this.#keys = new Map()
    for (const [id, key] of keys) {
      if (!KEY_ID.test(id)) throw new ConfigError(`SEE_CREDENTIALS_KEYS: el identificador de llave "${id}" debe tener de 1 a 32 caracteres A-Z, a-z, 0-9, _ o -`)
      if (key.length !== KEY_BYTES) throw new ConfigError(`SEE_CREDENTIALS_KEYS: la llave ${id} debe medir ${KEY_BYTES} bytes (base64 de 32 bytes aleatorios)`)
      if (this.#keys.has(id)) throw new ConfigError(`SEE_CREDENTIALS_KEYS: el identificador de llave ${id} está repetido`)
      this.#keys.set(id, key)
    }
    this.currentId = first[0]
  }

  /** The key with this id, or undefined when it is not configured (any more). */
  key (id: string): Buffer | undefined {
    return this.#keys.get(id)
  }

  get current (): Buffer {
    return this.#keys.get(this.currentId) as Buffer
  }

  toJSON (): { currentId: string, ids: string[] } {
    return { currentId: this.currentId, ids: [...this.#keys.keys()] }
  }
}

/** Parses `kid1:base64key,kid2:base64key` (the first key is the current one). */
export function parseCredentialKeys (value: string | undefined): CredentialKeys {
  if (value === undefined || value.trim() === '') {
    throw new ConfigError('falta SEE_CREDENTIALS_KEYS (formato id:llave-base64[,id:llave-base64…], la primera cifra)')
  }
  const pairs = value.split(',').map(item => item.trim()).filter(item => item !== '').map((item): [string, Buffer] => {
    const colon = item.indexOf(':')
    if (colon <= 0) throw new ConfigError('SEE_CREDENTIALS_KEYS: cada llave se escribe id:llave-base64')
    return [item.slice(0, colon), Buffer.from(item.slice(colon + 1), 'base64')]
  })
  return new CredentialKeys(pairs)
}

export function credentialKeysFromEnv (env: NodeJS.ProcessEnv = process.env): CredentialKeys {
  return parseCredentialKeys(env.SEE_CREDENTIALS_KEYS)
}

/** A fresh key in the configuration format, for `SEE_CREDENTIALS_KEYS` (demo, tests, rotation). */
export function generateCredentialKey (id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`
}
