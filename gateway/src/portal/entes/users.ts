import { createHash, randomBytes } from 'node:crypto'
import { withTransaction } from '@see/db'
import { AuthAdminError, checkPassword, hashSecret } from '@see/auth'
import { appendAudit, getEnte, RegistryError, type Actor, type RegistryContext } from '@see/registry'

// The people of an ente's IT team (migration 020): each belongs to one ente, and sets its password
// through a one-time invitation an operator creates and hands over (no e-mail here). Only the
// invitation's SHA-256 is stored; passwords are argon2id hashes made by @see/auth.

const USERNAME = /^[A-Za-z0-9._@-]{3,200}$/
const INVITATION_TTL_MS = 72 * 3600_000

export interface EnteUser {
  username: string
  ente: string
  passwordHash: string | undefined
  disabled: boolean
  /** When the password was last set: sessions signed in before it end. */
  passwordChangedAt: Date | undefined
}

export interface EnteUserRow { username: string, ente: string, active: boolean, disabled: boolean, createdAt: string, invitedBy: string }

/** The actor an ente user acts as on the registry: the ente's, named after the user (audit rows name it). */
export function enteUserActor (user: Pick<EnteUser, 'username' | 'ente'>): Actor {
  return { kind: 'ente', id: `usuario:${user.username}`, ente: user.ente }
}

function hashOf (token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export async function findEnteUser (ctx: RegistryContext, username: string): Promise<EnteUser | undefined> {
  const { rows } = await ctx.pool.query<{ username: string, ente_clave: string, password_hash: string | null, disabled: boolean, password_changed_at: Date | null }>(
    'SELECT username, ente_clave, password_hash, disabled, password_changed_at FROM ente_users WHERE username = $1', [username])
  const row = rows[0]
  return row === undefined ? undefined : { username: row.username, ente: row.ente_clave, passwordHash: row.password_hash ?? undefined, disabled: row.disabled, passwordChangedAt: row.password_changed_at ?? undefined }
}

/**
 * An operator invites a user of an ente (or invites an existing one again, to set a new password):
 * answers the one-time token of the invitation link, shown once.
 */
export async function inviteEnteUser (ctx: RegistryContext, actor: Actor, clave: string, username: string): Promise<{ token: string, expiresAt: Date }> {
  if (actor.kind !== 'operator') throw new RegistryError('REGISTRY_FORBIDDEN', 'Solo un operador del registro puede invitar usuarios de un ente.')
  if (!USERNAME.test(username)) throw new RegistryError('REGISTRY_INVALID_INPUT', 'El usuario admite de 3 a 200 letras, dígitos, punto, guion, guion bajo o arroba (por ejemplo, su correo).')
  await getEnte(ctx, actor, clave)
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS)
  await withTransaction(ctx.pool, async (client) => {
    const inserted = await client.query<{ ente_clave: string }>(
      `INSERT INTO ente_users (username, ente_clave, invited_by) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username RETURNING ente_clave`, [username, clave, actor.id])
    if (inserted.rows[0]?.ente_clave !== clave) throw new RegistryError('REGISTRY_CONFLICT', `El usuario ${username} ya pertenece a otro ente; elija otro nombre de usuario.`)
    await client.query('UPDATE ente_invitations SET used_at = now() WHERE username = $1 AND used_at IS NULL', [username])
    await client.query('INSERT INTO ente_invitations (token_hash, username, expires_at) VALUES ($1, $2, $3)', [hashOf(token), username, expiresAt])
    await appendAudit(client, actor, 'ente-user.invite', { ente: clave, after: { username, expiresAt: expiresAt.toISOString() } })
  })
  return { token, expiresAt }
}

/** The user an invitation link is for, while it is unused and unexpired. */
export async function invitationOf (ctx: RegistryContext, token: string): Promise<{ username: string, ente: string } | undefined> {
  const { rows } = await ctx.pool.query<{ username: string, ente_clave: string }>(
    `SELECT u.username, u.ente_clave FROM ente_invitations i JOIN ente_users u ON u.username = i.username
      WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now() AND NOT u.disabled`, [hashOf(token)])
  const row = rows[0]
  return row === undefined ? undefined : { username: row.username, ente: row.ente_clave }
}

/**
 * The invited user sets its password (the platform's password rules) and spends the invitation;
 * answers the user, or undefined when the link is no longer valid.
 */
export async function acceptInvitation (ctx: RegistryContext, token: string, password: string): Promise<{ username: string, ente: string } | undefined> {
  try {
    checkPassword(password)
  } catch (err) {
    if (err instanceof AuthAdminError) throw new RegistryError('REGISTRY_INVALID_INPUT', err.message)
    throw err
  }
  const passwordHash = await hashSecret(password)
  return await withTransaction(ctx.pool, async (client) => {
    const { rows } = await client.query<{ username: string, ente_clave: string }>(
      `UPDATE ente_invitations i SET used_at = now() FROM ente_users u
        WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now() AND u.username = i.username AND NOT u.disabled
        RETURNING u.username, u.ente_clave`, [hashOf(token)])
    const row = rows[0]
    if (row === undefined) return undefined
    await client.query('UPDATE ente_users SET password_hash = $2, password_changed_at = now() WHERE username = $1', [row.username, passwordHash])
    const user = { username: row.username, ente: row.ente_clave }
    await appendAudit(client, enteUserActor(user), 'ente-user.password', { ente: user.ente, after: { username: user.username } })
    return user
  })
}

/**
 * An operator disables or enables an ente user: a disabled user cannot sign in, and its open
 * session ends at its next page (the session is checked against the user on every request).
 */
export async function setEnteUserDisabled (ctx: RegistryContext, actor: Actor, username: string, disabled: boolean): Promise<void> {
  if (actor.kind !== 'operator') throw new RegistryError('REGISTRY_FORBIDDEN', 'Solo un operador del registro puede deshabilitar o habilitar usuarios de un ente.')
  await withTransaction(ctx.pool, async (client) => {
    const { rows } = await client.query<{ ente_clave: string }>('UPDATE ente_users SET disabled = $2 WHERE username = $1 RETURNING ente_clave', [username, disabled])
    const ente = rows[0]?.ente_clave
    if (ente === undefined) throw new RegistryError('REGISTRY_NOT_FOUND', `No existe el usuario ${username}.`)
    await appendAudit(client, actor, disabled ? 'ente-user.disable' : 'ente-user.enable', { ente, after: { username } })
  })
}

/** Every ente user, for operators. */
export async function listEnteUsers (ctx: RegistryContext): Promise<EnteUserRow[]> {
  const { rows } = await ctx.pool.query<{ username: string, ente_clave: string, password_hash: string | null, disabled: boolean, created_at: Date, invited_by: string }>(
    'SELECT username, ente_clave, password_hash, disabled, created_at, invited_by FROM ente_users ORDER BY ente_clave, username')
  return rows.map(row => ({ username: row.username, ente: row.ente_clave, active: row.password_hash !== null, disabled: row.disabled, createdAt: row.created_at.toISOString(), invitedBy: row.invited_by }))
}
