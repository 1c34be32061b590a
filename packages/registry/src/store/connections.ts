import type { EnteAuth, RegistryConnection, RegistryConnectionInput, RegistryConnectionPatch, RegistrySystem } from '@see/openapi/types'
import { withTransaction } from '@see/db'
import { joinAuth, splitAuth } from '../credentials/fields.js'
import { openCredentials, sealCredentials } from '../credentials/sealed-fields.js'
import { assertMayAccessEnte, notFoundEnte, type Actor } from '../model/actor.js'
import { RegistryError } from '../model/errors.js'
import { holdsApprovedConfig } from '../model/stages.js'
import { appendAudit } from './audit.js'
import { assertSystem, notFoundConnection } from './connection-errors.js'
import { assertConnectionUrls } from './connection-urls.js'
import { configOf, pendingOf, readConnection, readConnections, toRegistryConnection, type ConnectionConfig, type ConnectionRow } from './connection-rows.js'
import type { Queryable, RegistryContext } from './context.js'
import { deletePending, patchedConfig, sameConfig, writePending } from './pending-config.js'
import { appendStageHistory } from './stage-history.js'
import { assertValid } from './validate.js'

export { assertSystem, notFoundConnection }

/**
 * Registers the connection of an ente for a system, in stage `solicitud`. Operators and the ente's
 * own client may do it; URLs must pass the SSRF policy; credentials are sealed before they are stored.
 */
export async function createConnection (ctx: RegistryContext, actor: Actor, ente: string, system: string, input: RegistryConnectionInput): Promise<RegistryConnection> {
  assertMayAccessEnte(actor, ente)
  assertSystem(system)
  const connection = assertValid<RegistryConnectionInput>('RegistryConnectionInput', input)
  const auth = splitAuth(connection.auth)
  await assertConnectionUrls(ctx, [connection.baseUrl, connection.tokenUrl, connection.dependenciasUrl])
  const sealed = sealCredentials(ctx.keys, ente, system, auth.credentials)
  return await withTransaction(ctx.pool, async (client) => {
    const exists = await client.query('SELECT 1 FROM entes WHERE clave = $1 FOR SHARE', [ente])
    if (exists.rowCount === 0) throw notFoundEnte(ente)
    const inserted = await client.query(
      `INSERT INTO connections (ente_clave, system, protocol, base_url, token_url, dependencias_url, auth_kind, auth_scope, credentials,
                                connect_timeout_ms, headers_timeout_ms, body_timeout_ms, max_connections)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (ente_clave, system) DO NOTHING RETURNING 1`,
      [ente, system, connection.protocol, connection.baseUrl, connection.tokenUrl ?? null, connection.dependenciasUrl ?? null,
        auth.kind, auth.scope ?? null, JSON.stringify(sealed), connection.timeouts?.connectMs ?? null,
        connection.timeouts?.headersMs ?? null, connection.timeouts?.bodyMs ?? null, connection.maxConnections ?? 16])
    if (inserted.rowCount === 0) throw new RegistryError('REGISTRY_CONFLICT', `El ente ${ente} ya tiene una conexión para ${system}; modifíquela en lugar de crear otra.`)
    await appendStageHistory(client, actor, ente, system, null, 'solicitud', 'Registro de la conexión')
    const created = toRegistryConnection(await readConnection(client, ente, system) as ConnectionRow)
    await appendAudit(client, actor, 'connection.create', { ente, system, after: created })
    return created
  })
}

/** Fields whose change alters what the SEE calls: a test of the old configuration no longer counts. */
const CONFIG_FIELDS: ReadonlyArray<keyof RegistryConnectionPatch> = ['protocol', 'baseUrl', 'tokenUrl', 'dependenciasUrl', 'auth']

/** Timeouts and pool size: how hard the SEE calls the approved servers, not which ones or as whom. */
async function writeOperationalFields (db: Queryable, row: ConnectionRow, changes: RegistryConnectionPatch): Promise<void> {
  const timeouts = changes.timeouts
  await db.query(
    `UPDATE connections SET connect_timeout_ms = $3, headers_timeout_ms = $4, body_timeout_ms = $5, max_connections = $6, updated_at = now()
      WHERE ente_clave = $1 AND system = $2`,
    [row.ente_clave, row.system,
      timeouts === undefined ? row.connect_timeout_ms : timeouts.connectMs ?? null,
      timeouts === undefined ? row.headers_timeout_ms : timeouts.headersMs ?? null,
      timeouts === undefined ? row.body_timeout_ms : timeouts.bodyMs ?? null,
      changes.maxConnections ?? row.max_connections])
}

/** Before any approval: the change is the configuration at once; an `aprobada` connection goes back to `pruebas`. */
async function applyConfigNow (db: Queryable, actor: Actor, row: ConnectionRow, config: Omit<ConnectionConfig, 'config_version'>): Promise<void> {
  const { ente_clave: ente, system } = row
  await db.query(
    `UPDATE connections SET protocol = $3, base_url = $4, token_url = $5, dependencias_url = $6, auth_kind = $7, auth_scope = $8,
            credentials = $9, config_version = config_version + 1, updated_at = now()
      WHERE ente_clave = $1 AND system = $2`,
    [ente, system, config.protocol, config.base_url, config.token_url, config.dependencias_url, config.auth_kind, config.auth_scope,
      JSON.stringify(config.credentials)])
  if (row.stage === 'aprobada') {
    await db.query("UPDATE connections SET stage = 'pruebas', stage_changed_at = now() WHERE ente_clave = $1 AND system = $2", [ente, system])
    await appendStageHistory(db, actor, ente, system, 'aprobada', 'pruebas', 'La configuración cambió después de la aprobación; requiere una nueva prueba')
  }
}

/**
 * Once approved: the change becomes (or replaces) the pending configuration, with a version above
 * the one in force, and the approved configuration keeps serving the PDN. A change back to the
 * configuration in force drops the pending one.
 */
async function holdConfigPending (ctx: RegistryContext, db: Queryable, actor: Actor, row: ConnectionRow, config: Omit<ConnectionConfig, 'config_version'>): Promise<void> {
  const { ente_clave: ente, system } = row
  const pending = pendingOf(row)
  if (sameConfig(ctx.keys, ente, system, config, configOf(row))) {
    if (pending !== undefined) await deletePending(db, ente, system)
    return
  }
  if (pending !== undefined && sameConfig(ctx.keys, ente, system, config, pending)) return
  await writePending(db, actor, ente, system, { ...config, config_version: (pending ?? configOf(row)).config_version + 1 })
}

/**
 * Changes a connection. `auth`, when present, replaces kind and credentials together. Timeouts and
 * `maxConnections` apply at once. A change of URL, protocol or auth raises the configuration
 * version: before approval it applies at once (an `aprobada` connection goes back to `pruebas`);
 * once approved (`produccion`, `mantenimiento`, `suspendida`) it is held as the pending
 * configuration — tested in the sandbox, put in force by `approvePendingConfig` — and the PDN
 * keeps the approved one meanwhile.
 */
export async function updateConnection (ctx: RegistryContext, actor: Actor, ente: string, system: string, patch: RegistryConnectionPatch): Promise<RegistryConnection> {
  assertMayAccessEnte(actor, ente)
  assertSystem(system)
  const changes = assertValid<RegistryConnectionPatch>('RegistryConnectionPatch', patch)
  const auth = changes.auth === undefined ? undefined : splitAuth(changes.auth)
  await assertConnectionUrls(ctx, [changes.baseUrl, changes.tokenUrl, changes.dependenciasUrl])
  const sealed = auth === undefined ? undefined : sealCredentials(ctx.keys, ente, system, auth.credentials)
  const configChanged = CONFIG_FIELDS.some(field => changes[field] !== undefined)
  return await withTransaction(ctx.pool, async (client) => {
    const row = await readConnection(client, ente, system, true)
    if (row === undefined) throw notFoundConnection(ente, system)
    const before = toRegistryConnection(row)
    await writeOperationalFields(client, row, changes)
    const held = configChanged && holdsApprovedConfig(row.stage)
    if (held) {
      await holdConfigPending(ctx, client, actor, row, patchedConfig(pendingOf(row) ?? configOf(row), changes, auth, sealed))
    } else if (configChanged) {
      await applyConfigNow(client, actor, row, patchedConfig(configOf(row), changes, auth, sealed))
    }
    const after = toRegistryConnection(await readConnection(client, ente, system) as ConnectionRow)
    await appendAudit(client, actor, held ? 'connection.config-propose' : 'connection.update', {
      ente, system, before, after: { ...after, credentialsReplaced: auth !== undefined }
    })
    return after
  })
}

export async function getConnection (ctx: RegistryContext, actor: Actor, ente: string, system: string): Promise<RegistryConnection> {
  assertMayAccessEnte(actor, ente)
  const row = await readConnection(ctx.pool, ente, system)
  if (row === undefined) throw notFoundConnection(ente, system)
  return toRegistryConnection(row)
}

export interface ConnectionQuery {
  ente?: string
  system?: RegistrySystem
  stage?: RegistryConnection['stage']
}

/** Connections without secrets; an ente's client sees only its own ente's. */
export async function listConnections (ctx: RegistryContext, actor: Actor, query: ConnectionQuery = {}): Promise<RegistryConnection[]> {
  if (actor.kind === 'ente' && query.ente !== undefined && query.ente !== actor.ente) return []
  const rows = await readConnections(ctx.pool, {
    ente: actor.kind === 'ente' ? actor.ente : query.ente,
    system: query.system,
    stages: query.stage === undefined ? undefined : [query.stage]
  })
  return rows.map(toRegistryConnection)
}

/**
 * INTERNAL: the decrypted authentication of a connection, for the service that calls the ente.
 * Never expose it through the API and never log it.
 */
export async function readConnectionAuth (ctx: Pick<RegistryContext, 'pool' | 'keys'>, ente: string, system: string): Promise<EnteAuth> {
  const row = await readConnection(ctx.pool, ente, system)
  if (row === undefined) throw notFoundConnection(ente, system)
  return joinAuth(row.auth_kind, row.auth_scope, openCredentials(ctx.keys, ente, system, row.credentials))
}
