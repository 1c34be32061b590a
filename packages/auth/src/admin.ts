import { randomBytes } from 'node:crypto'
import type { AdminEventType, AuditEvent } from './audit.js'
import { isKnownScope, REGISTRY_ENTE_SCOPE } from './scopes.js'
import { generateSecret, hashSecret } from './secrets.js'
import { AuthStoreError, GRANT_TYPES, type AuthStore, type ClientRecord, type GrantType, type UserRecord } from './store/types.js'

/** A request the administration refuses; the message says what to change. */
export class AuthAdminError extends Error {
  readonly code = 'SEE_AUTH_ADMIN'
}

/**
 * Where an administrative action is recorded and who performed it. Optional in every function
 * here: bootstrap code (demo access, tests) creates clients without an audit trail.
 */
export interface AdminAudit {
  /** Receives one event per action, after it succeeded; must not throw (see `safeAudit`). */
  record: (event: AuditEvent) => Promise<void>
  /** The client whose token authorised the action; absent for the CLI. */
  clientId?: string | undefined
  /** That token's jti: its `token.issued` event names the operator. */
  jti?: string | undefined
  ip?: string | undefined
  requestId?: string | undefined
}

async function recordAdmin (audit: AdminAudit | undefined, type: AdminEventType, subject: string, scope?: string): Promise<void> {
  if (audit === undefined) return
  const event: AuditEvent = { type, at: new Date(), subject }
  if (scope !== undefined) event.scope = scope
  if (audit.clientId !== undefined) event.clientId = audit.clientId
  if (audit.jti !== undefined) event.jti = audit.jti
  if (audit.ip !== undefined) event.ip = audit.ip
  if (audit.requestId !== undefined) event.requestId = audit.requestId
  await audit.record(event)
}

export interface ClientInput {
  name: string
  clientId?: string
  scopes: string[]
  /** Defaults to every allowed scope. */
  defaultScopes?: string[]
  grants?: GrantType[]
  /** Puts the client on the password-grant allow-list (the PDN). */
  passwordGrant?: boolean
  enteClave?: string
}

const CLIENT_ID = /^[A-Za-z0-9._~-]{3,100}$/

function checkClient (input: ClientInput, grants: GrantType[]): void {
  if (input.name.trim() === '') throw new AuthAdminError('El nombre del cliente es obligatorio.')
  if (input.clientId !== undefined && !CLIENT_ID.test(input.clientId)) throw new AuthAdminError('El client_id admite de 3 a 100 letras, dígitos, punto, guion, guion bajo o tilde.')
  const unknown = [...input.scopes, ...(input.defaultScopes ?? [])].filter(s => !isKnownScope(s))
  if (unknown.length > 0) throw new AuthAdminError(`Alcances desconocidos: ${unknown.join(', ')}.`)
  if (input.scopes.length === 0) throw new AuthAdminError('Indique al menos un alcance.')
  const extra = (input.defaultScopes ?? []).filter(s => !input.scopes.includes(s))
  if (extra.length > 0) throw new AuthAdminError(`Los alcances predeterminados deben estar entre los permitidos: ${extra.join(', ')}.`)
  const badGrant = grants.filter(g => !GRANT_TYPES.includes(g))
  if (badGrant.length > 0) throw new AuthAdminError(`Concesiones desconocidas: ${badGrant.join(', ')}.`)
  if (input.scopes.includes(REGISTRY_ENTE_SCOPE) && (input.enteClave ?? '') === '') throw new AuthAdminError('Un cliente con registry:ente debe estar ligado a un ente (clave).')
}

/** Creates a client with a fresh secret. The secret is returned once and stored only hashed. */
export async function createClient (store: AuthStore, input: ClientInput, audit?: AdminAudit): Promise<{ client: ClientRecord, secret: string }> {
  const grants = input.grants ?? (input.passwordGrant === true ? ['password'] : ['client_credentials'])
  const passwordGrant = input.passwordGrant === true
  if (passwordGrant && !grants.includes('password')) grants.push('password')
  checkClient(input, grants)
  const secret = generateSecret()
  const client = await store.createClient({
    clientId: input.clientId ?? `see-${randomBytes(9).toString('base64url')}`,
    name: input.name.trim(),
    secretHash: await hashSecret(secret),
    grants,
    scopes: [...new Set(input.scopes)],
    defaultScopes: [...new Set(input.defaultScopes ?? input.scopes)],
    passwordGrantAllowed: passwordGrant,
    enteClave: input.enteClave ?? null
  })
  await recordAdmin(audit, 'client.created', client.clientId, client.scopes.join(' '))
  return { client, secret }
}

/**
 * Replaces a client's secret; the old one stops working at once (cached verifications included)
 * and the client's refresh tokens are revoked. Its access tokens are revoked by the gateway's
 * `app.oauth.revokeClientTokens`, which the admin API calls; from the CLI they expire on their own.
 */
export async function rotateClientSecret (store: AuthStore, clientId: string, audit?: AdminAudit): Promise<string> {
  const secret = generateSecret()
  if (!await store.setClientSecret(clientId, await hashSecret(secret))) throw new AuthStoreError('SEE_AUTH_NOT_FOUND', `No existe el cliente ${clientId}.`)
  await store.revokeClientRefreshFamilies(clientId, new Date())
  await recordAdmin(audit, 'client.secret_rotated', clientId)
  return secret
}

/** Disabling also revokes the client's refresh tokens (access tokens: see `rotateClientSecret`). */
export async function setClientDisabled (store: AuthStore, clientId: string, disabled: boolean, audit?: AdminAudit): Promise<void> {
  if (!await store.setClientDisabled(clientId, disabled)) throw new AuthStoreError('SEE_AUTH_NOT_FOUND', `No existe el cliente ${clientId}.`)
  if (disabled) await store.revokeClientRefreshFamilies(clientId, new Date())
  await recordAdmin(audit, disabled ? 'client.disabled' : 'client.enabled', clientId)
}

/** Records that an operator revoked every token of a client (the revocation itself is `app.oauth.revokeClientTokens`). */
export async function recordClientTokensRevoked (clientId: string, audit: AdminAudit): Promise<void> {
  await recordAdmin(audit, 'client.tokens_revoked', clientId)
}

/** A password the CLI proposes when none is given: 24 random characters. */
export function generatePassword (): string {
  return randomBytes(18).toString('base64url')
}

/** The platform's password rules (users of the token endpoint and of the ente pages alike). */
export function checkPassword (password: string): void {
  if (password.length < 12) throw new AuthAdminError('La contraseña debe tener al menos 12 caracteres.')
  if (password.length > 200) throw new AuthAdminError('La contraseña no puede exceder 200 caracteres.')
}

export async function createUser (store: AuthStore, username: string, password: string, audit?: AdminAudit): Promise<UserRecord> {
  if (!/^[A-Za-z0-9._@-]{3,200}$/.test(username)) throw new AuthAdminError('El usuario admite de 3 a 200 letras, dígitos, punto, guion, guion bajo o arroba.')
  checkPassword(password)
  const user = await store.createUser({ username, passwordHash: await hashSecret(password) })
  await recordAdmin(audit, 'user.created', user.username)
  return user
}

export async function setUserPassword (store: AuthStore, username: string, password: string, audit?: AdminAudit): Promise<void> {
  checkPassword(password)
  if (!await store.setUserPassword(username, await hashSecret(password))) throw new AuthStoreError('SEE_AUTH_NOT_FOUND', `No existe el usuario ${username}.`)
  await recordAdmin(audit, 'user.password_changed', username)
}

export async function setUserDisabled (store: AuthStore, username: string, disabled: boolean, audit?: AdminAudit): Promise<void> {
  if (!await store.setUserDisabled(username, disabled)) throw new AuthStoreError('SEE_AUTH_NOT_FOUND', `No existe el usuario ${username}.`)
  await recordAdmin(audit, disabled ? 'user.disabled' : 'user.enabled', username)
}
