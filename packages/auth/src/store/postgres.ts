import type { AuditEvent } from '../audit.js'
import { AuthStoreError, type AuthStore, type ClientRecord, type GrantType, type RefreshFamily, type UserRecord } from './types.js'

/** The part of a `pg.Pool` the store uses: one statement at a time, so PGlite's single connection serves too. */
export interface SqlClient {
  query: <R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<{ rows: R[], rowCount: number | null }>
}

interface ClientRow extends Record<string, unknown> {
  client_id: string
  name: string
  secret_hash: string
  grants: GrantType[]
  scopes: string[]
  default_scopes: string[]
  password_grant_allowed: boolean
  ente_clave: string | null
  disabled: boolean
  created_at: Date
  secret_rotated_at: Date
}

interface UserRow extends Record<string, unknown> {
  username: string
  password_hash: string
  disabled: boolean
  created_at: Date
  password_changed_at: Date
}

interface FamilyRow extends Record<string, unknown> {
  family_id: string
  client_id: string
  subject: string
  scopes: string[]
  username: string | null
  ente_clave: string | null
  created_at: Date
  expires_at: Date
  revoked_at: Date | null
}

const CLIENT_COLUMNS = 'client_id, name, secret_hash, grants, scopes, default_scopes, password_grant_allowed, ente_clave, disabled, created_at, secret_rotated_at'
const USER_COLUMNS = 'username, password_hash, disabled, created_at, password_changed_at'
const FAMILY_COLUMNS = 'f.family_id, f.client_id, f.subject, f.scopes, f.username, f.ente_clave, f.created_at, f.expires_at, f.revoked_at'

const toClient = (r: ClientRow): ClientRecord => ({
  clientId: r.client_id,
  name: r.name,
  secretHash: r.secret_hash,
  grants: r.grants,
  scopes: r.scopes,
  defaultScopes: r.default_scopes,
  passwordGrantAllowed: r.password_grant_allowed,
  enteClave: r.ente_clave,
  disabled: r.disabled,
  createdAt: r.created_at,
  secretRotatedAt: r.secret_rotated_at
})

const toUser = (r: UserRow): UserRecord => ({
  username: r.username,
  passwordHash: r.password_hash,
  disabled: r.disabled,
  createdAt: r.created_at,
  passwordChangedAt: r.password_changed_at
})

const toFamily = (r: FamilyRow): RefreshFamily => ({
  familyId: r.family_id,
  clientId: r.client_id,
  subject: r.subject,
  scopes: r.scopes,
  username: r.username,
  enteClave: r.ente_clave,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at
})

/** auth_events columns in the order of the unnest in `recordAudits`. */
const AUDIT_COLUMNS: Array<[string, (e: AuditEvent) => unknown]> = [
  ['at', e => e.at],
  ['type', e => e.type],
  ['grant_type', e => e.grantType ?? null],
  ['client_id', e => e.clientId ?? null],
  ['subject', e => e.subject ?? null],
  ['scope', e => e.scope ?? null],
  ['jti', e => e.jti ?? null],
  ['family_id', e => e.familyId ?? null],
  ['error', e => e.error ?? null],
  ['ip', e => e.ip ?? null],
  ['request_id', e => e.requestId ?? null],
  ['delay_ms', e => e.delayMs ?? null]
]

async function insertUnique<T> (what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === '23505') throw new AuthStoreError('SEE_AUTH_DUPLICATE', `${what} ya existe.`)
    if (code === '23503') throw new AuthStoreError('SEE_AUTH_NOT_FOUND', 'El ente indicado no existe en el registro.')
    throw err
  }
}

/** The AuthStore on the platform database (tables of migration 010). */
export function postgresAuthStore (db: SqlClient): AuthStore {
  const updated = async (text: string, values: unknown[]): Promise<boolean> => ((await db.query(text, values)).rowCount ?? 0) > 0
  async function recordAudits (events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return
    // One statement however many events: a column array each, zipped by unnest.
    await db.query(
      `INSERT INTO auth_events (${AUDIT_COLUMNS.map(([name]) => name).join(', ')})
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::integer[])`,
      AUDIT_COLUMNS.map(([, read]) => events.map(read)))
  }
  return {
    async findClient (clientId) {
      const { rows } = await db.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM auth_clients WHERE client_id = $1`, [clientId])
      return rows[0] === undefined ? undefined : toClient(rows[0])
    },
    async listClients () {
      return (await db.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM auth_clients ORDER BY client_id`)).rows.map(toClient)
    },
    async createClient (c) {
      return await insertUnique(`El cliente ${c.clientId}`, async () => {
        const { rows } = await db.query<ClientRow>(
          `INSERT INTO auth_clients (client_id, name, secret_hash, grants, scopes, default_scopes, password_grant_allowed, ente_clave, disabled)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${CLIENT_COLUMNS}`,
          [c.clientId, c.name, c.secretHash, c.grants, c.scopes, c.defaultScopes, c.passwordGrantAllowed, c.enteClave, c.disabled ?? false])
        return toClient(rows[0] as ClientRow)
      })
    },
    async setClientSecret (clientId, secretHash) {
      return await updated('UPDATE auth_clients SET secret_hash = $2, secret_rotated_at = now() WHERE client_id = $1', [clientId, secretHash])
    },
    async setClientDisabled (clientId, disabled) {
      return await updated('UPDATE auth_clients SET disabled = $2 WHERE client_id = $1', [clientId, disabled])
    },
    async findUser (username) {
      const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM auth_users WHERE username = $1`, [username])
      return rows[0] === undefined ? undefined : toUser(rows[0])
    },
    async listUsers () {
      return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM auth_users ORDER BY username`)).rows.map(toUser)
    },
    async createUser (u) {
      return await insertUnique(`El usuario ${u.username}`, async () => {
        const { rows } = await db.query<UserRow>(
          `INSERT INTO auth_users (username, password_hash, disabled) VALUES ($1, $2, $3) RETURNING ${USER_COLUMNS}`,
          [u.username, u.passwordHash, u.disabled ?? false])
        return toUser(rows[0] as UserRow)
      })
    },
    async setUserPassword (username, passwordHash) {
      return await updated('UPDATE auth_users SET password_hash = $2, password_changed_at = now() WHERE username = $1', [username, passwordHash])
    },
    async setUserDisabled (username, disabled) {
      return await updated('UPDATE auth_users SET disabled = $2 WHERE username = $1', [username, disabled])
    },
    async createRefreshFamily (f) {
      await db.query(
        'INSERT INTO auth_refresh_families (family_id, client_id, subject, scopes, username, ente_clave, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [f.familyId, f.clientId, f.subject, f.scopes, f.username, f.enteClave, f.expiresAt])
    },
    async addRefreshToken (t) {
      await db.query('INSERT INTO auth_refresh_tokens (token_hash, family_id, expires_at) VALUES ($1, $2, $3)', [t.tokenHash, t.familyId, t.expiresAt])
    },
    async spendRefreshToken (tokenHash, now) {
      // One statement: the UPDATE marks the token used only if it is still live. Of two concurrent
      // presentations, the one that loses the row lock re-checks `used_at` and spends nothing.
      const { rows } = await db.query<FamilyRow & { used_at: Date | null, token_expires_at: Date, spent: boolean }>(
        `WITH spent AS (
           UPDATE auth_refresh_tokens t SET used_at = $2
           FROM auth_refresh_families f
           WHERE t.token_hash = $1 AND f.family_id = t.family_id AND t.used_at IS NULL
             AND f.revoked_at IS NULL AND t.expires_at > $2 AND f.expires_at > $2
           RETURNING t.token_hash
         )
         SELECT ${FAMILY_COLUMNS}, t.used_at, t.expires_at AS token_expires_at, EXISTS (SELECT 1 FROM spent) AS spent
         FROM auth_refresh_tokens t JOIN auth_refresh_families f ON f.family_id = t.family_id
         WHERE t.token_hash = $1`,
        [tokenHash, now])
      const row = rows[0]
      if (row === undefined) return { status: 'unknown' }
      const family = toFamily(row)
      if (row.spent) return { status: 'spent', family }
      if (family.revokedAt !== null) return { status: 'revoked', family }
      const expired = row.token_expires_at <= now || family.expiresAt <= now
      // Unused in our snapshot but not spent by us: a concurrent presentation won, so this one is a reuse.
      return { status: row.used_at !== null || !expired ? 'reused' : 'expired', family }
    },
    async findRefreshToken (tokenHash) {
      const { rows } = await db.query<FamilyRow & { issued_at: Date, token_expires_at: Date, used_at: Date | null }>(
        `SELECT ${FAMILY_COLUMNS}, t.issued_at, t.expires_at AS token_expires_at, t.used_at
         FROM auth_refresh_tokens t JOIN auth_refresh_families f ON f.family_id = t.family_id WHERE t.token_hash = $1`,
        [tokenHash])
      const row = rows[0]
      return row === undefined ? undefined : { family: toFamily(row), issuedAt: row.issued_at, expiresAt: row.token_expires_at, usedAt: row.used_at }
    },
    async revokeRefreshFamily (familyId, now) {
      return await updated('UPDATE auth_refresh_families SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [familyId, now])
    },
    async purge (now, auditBefore) {
      let removed = (await db.query('DELETE FROM auth_refresh_families WHERE expires_at <= $1', [now])).rowCount ?? 0
      if (auditBefore !== undefined) removed += (await db.query('DELETE FROM auth_events WHERE at < $1', [auditBefore])).rowCount ?? 0
      return removed
    },
    async recordAudit (e: AuditEvent) {
      await recordAudits([e])
    },
    recordAudits,
    async revokeClientRefreshFamilies (clientId, now) {
      return (await db.query('UPDATE auth_refresh_families SET revoked_at = $2 WHERE client_id = $1 AND revoked_at IS NULL', [clientId, now])).rowCount ?? 0
    }
  }
}
