import type { RegistryConnection, RegistryConnectionPatch, RegistryPendingApproval } from '@see/openapi/types'
import { withTransaction } from '@see/db'
import { CREDENTIAL_FIELDS, type SplitAuth } from '../credentials/fields.js'
import type { CredentialKeys } from '../credentials/keys.js'
import { openCredentials, type SealedCredentials } from '../credentials/sealed-fields.js'
import { actorColumns, assertMayAccessEnte, assertOperator, type Actor } from '../model/actor.js'
import { RegistryError } from '../model/errors.js'
import { appendAudit } from './audit.js'
import { configOf, pendingOf, readConnection, toRegistryConnection, type ConnectionConfig, type ConnectionRow } from './connection-rows.js'
import { assertSystem, notFoundConnection } from './connection-errors.js'
import type { Queryable, RegistryContext } from './context.js'
import { assertValid } from './validate.js'

/** `base` with the configuration fields of a patch applied (`auth` replaces kind, scope and credentials together). */
export function patchedConfig (base: ConnectionConfig, changes: RegistryConnectionPatch, auth: SplitAuth | undefined, sealed: SealedCredentials | undefined): Omit<ConnectionConfig, 'config_version'> {
  return {
    protocol: changes.protocol ?? base.protocol,
    base_url: changes.baseUrl ?? base.base_url,
    token_url: changes.tokenUrl ?? base.token_url,
    dependencias_url: changes.dependenciasUrl ?? base.dependencias_url,
    auth_kind: auth?.kind ?? base.auth_kind,
    auth_scope: auth === undefined ? base.auth_scope : auth.scope ?? null,
    credentials: sealed ?? base.credentials
  }
}

/** Credentials in clear, for comparison only (sealed values differ on every sealing); undefined if they do not open. */
function openedForComparison (keys: CredentialKeys, ente: string, system: string, sealed: SealedCredentials): string | undefined {
  try {
    const values = openCredentials(keys, ente, system, sealed)
    return JSON.stringify(CREDENTIAL_FIELDS.map(field => values[field] ?? null))
  } catch {
    return undefined
  }
}

/** Whether two configurations call the same URLs the same way with the same credentials. */
export function sameConfig (keys: CredentialKeys, ente: string, system: string, a: Omit<ConnectionConfig, 'config_version'>, b: Omit<ConnectionConfig, 'config_version'>): boolean {
  if (a.protocol !== b.protocol || a.base_url !== b.base_url || a.token_url !== b.token_url || a.dependencias_url !== b.dependencias_url ||
    a.auth_kind !== b.auth_kind || a.auth_scope !== b.auth_scope) return false
  const opened = openedForComparison(keys, ente, system, a.credentials)
  return opened !== undefined && opened === openedForComparison(keys, ente, system, b.credentials)
}

/** Stores (or replaces) the pending configuration of a connection. */
export async function writePending (db: Queryable, actor: Actor, ente: string, system: string, config: ConnectionConfig): Promise<void> {
  const [kind, id] = actorColumns(actor)
  await db.query(
    `INSERT INTO connection_pending_configs (ente_clave, system, protocol, base_url, token_url, dependencias_url, auth_kind, auth_scope,
                                             credentials, config_version, actor_kind, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (ente_clave, system) DO UPDATE SET
       protocol = EXCLUDED.protocol, base_url = EXCLUDED.base_url, token_url = EXCLUDED.token_url,
       dependencias_url = EXCLUDED.dependencias_url, auth_kind = EXCLUDED.auth_kind, auth_scope = EXCLUDED.auth_scope,
       credentials = EXCLUDED.credentials, config_version = EXCLUDED.config_version, actor_kind = EXCLUDED.actor_kind,
       actor_id = EXCLUDED.actor_id, updated_at = now()`,
    [ente, system, config.protocol, config.base_url, config.token_url, config.dependencias_url, config.auth_kind, config.auth_scope,
      JSON.stringify(config.credentials), config.config_version, kind, id])
}

export async function deletePending (db: Queryable, ente: string, system: string): Promise<void> {
  await db.query('DELETE FROM connection_pending_configs WHERE ente_clave = $1 AND system = $2', [ente, system])
}

/** Puts the pending configuration in force (with its version) and drops it; a no-op without one. */
export async function promotePending (db: Queryable, ente: string, system: string): Promise<void> {
  await db.query(
    `UPDATE connections c SET protocol = p.protocol, base_url = p.base_url, token_url = p.token_url, dependencias_url = p.dependencias_url,
            auth_kind = p.auth_kind, auth_scope = p.auth_scope, credentials = p.credentials, config_version = p.config_version, updated_at = now()
       FROM connection_pending_configs p
      WHERE p.ente_clave = c.ente_clave AND p.system = c.system AND c.ente_clave = $1 AND c.system = $2`,
    [ente, system])
  await deletePending(db, ente, system)
}

function assertPassingTestOf (row: ConnectionRow, pending: ConnectionConfig): void {
  const version = pending.config_version
  if (row.test_id === null || row.test_config_version !== version) {
    throw new RegistryError('REGISTRY_TEST_REQUIRED',
      `Para aprobar la configuración pendiente (versión ${version}) se requiere una prueba de conexión exitosa de esa configuración; ejecute la prueba de conexión.`)
  }
  if (row.test_passed !== true) {
    throw new RegistryError('REGISTRY_TEST_REQUIRED', `La última prueba de la configuración pendiente (versión ${version}) falló; corríjala y repita la prueba antes de aprobarla.`)
  }
}

function notFoundPending (ente: string, system: string): RegistryError {
  return new RegistryError('REGISTRY_NOT_FOUND', `La conexión ${system} del ente ${ente} no tiene una configuración pendiente.`)
}

/**
 * Puts a connection's pending configuration in force (operators only), once the latest connection
 * test is a passing test of exactly that configuration. The stage does not change: a connection in
 * production serves the new configuration to the PDN from the next directory reload.
 */
export async function approvePendingConfig (ctx: RegistryContext, actor: Actor, ente: string, system: string, input: RegistryPendingApproval): Promise<RegistryConnection> {
  assertMayAccessEnte(actor, ente)
  assertOperator(actor, 'aprobar la configuración pendiente de una conexión')
  assertSystem(system)
  const { observations } = assertValid<RegistryPendingApproval>('RegistryPendingApproval', input)
  return await withTransaction(ctx.pool, async (client) => {
    const row = await readConnection(client, ente, system, true)
    if (row === undefined) throw notFoundConnection(ente, system)
    const pending = pendingOf(row)
    if (pending === undefined) throw notFoundPending(ente, system)
    assertPassingTestOf(row, pending)
    const before = toRegistryConnection(row)
    await promotePending(client, ente, system)
    const after = toRegistryConnection(await readConnection(client, ente, system) as ConnectionRow)
    await appendAudit(client, actor, 'connection.config-approve', {
      ente, system, before, after: { ...after, replacedVersion: configOf(row).config_version, testId: Number(row.test_id), observations: observations ?? null }
    })
    return after
  })
}

/** Drops a connection's pending configuration (operators, or the ente's own client); the one in force stays. */
export async function discardPendingConfig (ctx: RegistryContext, actor: Actor, ente: string, system: string): Promise<RegistryConnection> {
  assertMayAccessEnte(actor, ente)
  assertSystem(system)
  return await withTransaction(ctx.pool, async (client) => {
    const row = await readConnection(client, ente, system, true)
    if (row === undefined) throw notFoundConnection(ente, system)
    if (pendingOf(row) === undefined) throw notFoundPending(ente, system)
    const before = toRegistryConnection(row)
    await deletePending(client, ente, system)
    await client.query('UPDATE connections SET updated_at = now() WHERE ente_clave = $1 AND system = $2', [ente, system])
    const after = toRegistryConnection(await readConnection(client, ente, system) as ConnectionRow)
    await appendAudit(client, actor, 'connection.config-discard', { ente, system, before, after })
    return after
  })
}
