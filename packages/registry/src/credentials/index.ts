export { type CredentialKeys, credentialKeysFromEnv, generateCredentialKey, parseCredentialKeys } from './keys.js'
export { openCredential, sealCredential, sealedKeyId } from './seal.js'
export { CREDENTIAL_FIELDS, FIELDS_BY_AUTH_KIND, type AuthKind, type CredentialField, type CredentialValues } from './fields.js'
export { credentialPlace } from './sealed-fields.js'
