import { generateKey, parseKeyRing, type KeyRing } from '@see/kit'

/** The keys that seal credentials at rest: the platform's one key ring (see @see/kit key-ring.ts). */
export type CredentialKeys = KeyRing

const VARIABLE = 'SEE_CREDENTIALS_KEYS'

/** Parses `kid1:base64key,kid2:base64key` (the first key is the current one). */
export function parseCredentialKeys (value: string | undefined): CredentialKeys {
  return parseKeyRing(VARIABLE, value)
}

export function credentialKeysFromEnv (env: NodeJS.ProcessEnv = process.env): CredentialKeys {
  return parseCredentialKeys(env[VARIABLE])
}

/** A fresh key in the configuration format, for `SEE_CREDENTIALS_KEYS` (demo, tests, rotation). */
export const generateCredentialKey = generateKey
