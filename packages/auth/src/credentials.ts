import type { ClientCredentials } from './client-auth.js'
import type { PresentedCredentials, VerifiedCredentialCache } from './credential-cache.js'
import type { AuthDirectory } from './directory.js'
import { invalidClient, invalidGrant } from './errors.js'
import type { ClientRecord, UserRecord } from './store/types.js'
import type { Lane, VerificationGate } from './verification-gate.js'

export interface KnownCredentials {
  client: ClientRecord
  user?: UserRecord | undefined
}

const laneOf = (client: ClientRecord | undefined): Lane => client?.passwordGrantAllowed === true ? 'allow-listed' : 'other'

/**
 * Verifies what a token request presents. `known` answers, without argon2, for credentials this
 * instance already verified against the current rows; `client` and `user` run argon2 (through
 * the gate) otherwise. Unknown, disabled and wrong ones fail alike and after the same argon2 work,
 * so the answer does not reveal which ids exist.
 */
export class CredentialVerifier {
  constructor (private readonly directory: AuthDirectory, private readonly cache: VerifiedCredentialCache, private readonly gate: VerificationGate) {}

  /** The client (and user) when these exact credentials are known-good for the current rows. */
  async known (presented: PresentedCredentials): Promise<KnownCredentials | undefined> {
    const client = await this.directory.client(presented.clientId)
    if (client === undefined || client.disabled) return undefined
    if (presented.username === undefined) return this.cache.knows(presented, { secretHash: client.secretHash }) ? { client } : undefined
    const user = await this.directory.user(presented.username)
    if (user === undefined || user.disabled) return undefined
    return this.cache.knows(presented, { secretHash: client.secretHash, passwordHash: user.passwordHash }) ? { client, user } : undefined
  }

  /** Authenticates a confidential client: its secret is verified with argon2 unless already known-good. */
  async client (credentials: ClientCredentials | undefined, ip: string): Promise<ClientRecord> {
    if (credentials === undefined) throw invalidClient('Falta la autenticación del cliente (Authorization: Basic o client_id y client_secret).')
    if (credentials.secret === undefined || credentials.secret === '') throw invalidClient('Falta el secreto del cliente.')
    const presented = { clientId: credentials.clientId, secret: credentials.secret }
    const client = await this.directory.client(credentials.clientId)
    if (client !== undefined && !client.disabled && this.cache.knows(presented, { secretHash: client.secretHash })) return client
    const ok = await this.cache.verify(client?.secretHash, credentials.secret, async work => await this.gate.run(laneOf(client), ip, work))
    if (!ok || client === undefined || client.disabled) throw invalidClient()
    this.cache.remember(presented, { secretHash: client.secretHash })
    return client
  }

  /** Verifies the password grant's user for an authenticated client. */
  async user (client: ClientRecord, secret: string, username: string, password: string, ip: string): Promise<UserRecord> {
    const presented = { clientId: client.clientId, secret, username, password }
    const user = await this.directory.user(username)
    if (user !== undefined && !user.disabled && this.cache.knows(presented, { secretHash: client.secretHash, passwordHash: user.passwordHash })) return user
    const ok = await this.cache.verify(user?.passwordHash, password, async work => await this.gate.run(laneOf(client), ip, work))
    if (!ok || user === undefined || user.disabled) throw invalidGrant('Usuario o contraseña incorrectos, o usuario deshabilitado.')
    this.cache.remember(presented, { secretHash: client.secretHash, passwordHash: user.passwordHash })
    return user
  }

  /**
   * The client as it stands now (rows at most the directory's ttl old), checked again just before
   * a token is signed: a client disabled or rotated while its request waited gets no token.
   */
  async stillValid (client: ClientRecord): Promise<void> {
    const current = await this.directory.client(client.clientId)
    if (current === undefined || current.disabled || current.secretHash !== client.secretHash) throw invalidClient()
  }

  forgetClient (clientId: string): void {
    this.directory.forgetClient(clientId)
    this.cache.forgetClient(clientId)
  }

  forgetUser (username: string): void {
    this.directory.forgetUser(username)
    this.cache.forgetUser(username)
  }
}
