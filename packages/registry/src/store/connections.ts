import type { EnteAuth, RegistryConnection, RegistryConnectionInput, RegistryConnectionPatch, RegistrySystem } from '@see/openapi/types'
import { withTransaction } from '@see/db'
import { joinAuth, splitAuth } from '../credentials/fields.js'
import { openCredentials, sealCredentials } from '../credentials/sealed-fields.js'
import { assertMayAccessEnte, notFoundEnte, type Actor } from '../model/actor.js'
import { RegistryError } from '../model/errors.js'
import { REGISTRY_SYSTEMS } from '../model/systems.js'
import { appendAudit } from './audit.js'
import { assertConnectionUrls } from './connection-urls.js'
import { readConnection, readConnections, toRegistryConnection, type ConnectionRow } from './connection-rows.js'
import type { RegistryContext } from './context.js'
import { appendStageHistory } from './stage-history.js'
import { assertValid } from './validate.js'

export function assertSystem (system: string): asserts system is RegistrySystem {
  if (!(REGISTRY_SYSTEMS as readonly string[]).includes(system)) {
    throw new RegistryError('REGISTRY_INVALID_INPUT', `Sistema desconocido: ${system}. Use uno de ${REGISTRY_SYSTEMS.join(', ')}.`)
  }
}

export function notFoundConnection (ente: string, system: string): RegistryError {
  return new RegistryError('REGISTRY_NOT_FOUND', `El ente ${ente} no tiene conexión registrada para ${system}.`)
}

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

/**
 * Changes a connection. `auth`, when present, replaces kind and credentials together. A change of
 * URL, protocol or auth raises `configVersion`; a connection that was `aprobada` goes back to
 * `pruebas`, since its approval tested the old configuration.
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
    const timeouts = changes.timeouts
    await client.query(
      `UPDATE connections SET
         protocol = $3, base_url = $4, token_url = $5, dependencias_url = $6, auth_kind = $7, auth_scope = $8, credentials = $9,
         connect_timeout_ms = $10, headers_timeout_ms = $11, body_timeout_ms = $12, max_connections = $13,
         config_version = config_version + $14, updated_at = now()
       WHERE ente_clave = $1 AND system = $2`,
      [ente, system, changes.protocol ?? row.protocol, changes.baseUrl ?? row.base_url, changes.tokenUrl ?? row.token_url,
        changes.dependenciasUrl ?? row.dependencias_url, auth?.kind ?? row.auth_kind,
        auth === undefined ? row.auth_scope : auth.scope ?? null, JSON.stringify(sealed ?? row.credentials),
        timeouts === undefined ? row.connect_timeout_ms : timeouts.connectMs ?? null,
        timeouts === undefined ? row.headers_timeout_ms : timeouts.headersMs ?? null,
        timeouts === undefined ? row.body_timeout_ms : timeouts.bodyMs ?? null,
        changes.maxConnections ?? row.max_connections, configChanged ? 1 : 0])
    if (configChanged && row.stage === 'aprobada') {
      await client.query("UPDATE connections SET stage = 'pruebas', stage_changed_at = now() WHERE ente_clave = $1 AND system = $2", [ente, system])
      await appendStageHistory(client, actor, ente, system, 'aprobada', 'pruebas', 'La configuración cambió después de la aprobación; requiere una nueva prueba')
    }
    const after = toRegistryConnection(await readConnection(client, ente, system) as ConnectionRow)
    await appendAudit(client, actor, 'connection.update', { ente, system, before, after: { ...after, credentialsReplaced: auth !== undefined } })
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
