import type {
  ConnectionTimeouts, RegistryAuthSummary, RegistryConnection, RegistryPendingConfiguration, RegistryProtocol, RegistryStage, RegistrySystem
} from '@see/openapi/types'
import { storedFields, type SealedCredentials } from '../credentials/sealed-fields.js'
import type { AuthKind } from '../credentials/fields.js'
import { actorFromColumns } from '../model/actor.js'
import type { Queryable } from './context.js'

/**
 * What the SEE calls and how it authenticates: the part of a connection an approval rests on.
 * A change of any of it needs a new passing test (and, once approved, an operator's approval).
 */
export interface ConnectionConfig {
  protocol: RegistryProtocol
  base_url: string
  token_url: string | null
  dependencias_url: string | null
  auth_kind: AuthKind
  auth_scope: string | null
  credentials: SealedCredentials
  config_version: number
}

/** A connection as stored, credentials still sealed. Never leaves the registry package as it is. */
export interface ConnectionRow extends ConnectionConfig {
  ente_clave: string
  system: RegistrySystem
  connect_timeout_ms: number | null
  headers_timeout_ms: number | null
  body_timeout_ms: number | null
  max_connections: number
  stage: RegistryStage
  stage_changed_at: Date
  created_at: Date
  updated_at: Date
  test_id: string | null
  test_passed: boolean | null
  test_config_version: number | null
  test_created_at: Date | null
  /** The configuration proposed while the approved one stays in force (null columns: none). */
  pending_protocol: RegistryProtocol | null
  pending_base_url: string | null
  pending_token_url: string | null
  pending_dependencias_url: string | null
  pending_auth_kind: AuthKind | null
  pending_auth_scope: string | null
  pending_credentials: SealedCredentials | null
  pending_config_version: number | null
  pending_actor_kind: string | null
  pending_actor_id: string | null
  pending_created_at: Date | null
  pending_updated_at: Date | null
}

/** The configuration in force (approved, when the connection went through approval). */
export function configOf (row: ConnectionConfig): ConnectionConfig {
  return {
    protocol: row.protocol,
    base_url: row.base_url,
    token_url: row.token_url,
    dependencias_url: row.dependencias_url,
    auth_kind: row.auth_kind,
    auth_scope: row.auth_scope,
    credentials: row.credentials,
    config_version: row.config_version
  }
}

/** The proposed configuration, if there is one. */
export function pendingOf (row: ConnectionRow): ConnectionConfig | undefined {
  if (row.pending_config_version === null || row.pending_protocol === null || row.pending_base_url === null || row.pending_auth_kind === null) return undefined
  return {
    protocol: row.pending_protocol,
    base_url: row.pending_base_url,
    token_url: row.pending_token_url,
    dependencias_url: row.pending_dependencias_url,
    auth_kind: row.pending_auth_kind,
    auth_scope: row.pending_auth_scope,
    credentials: row.pending_credentials ?? {},
    config_version: row.pending_config_version
  }
}

/** The configuration connection tests and the sandbox use: the proposed one, else the one in force. */
export function configUnderTest (row: ConnectionRow): ConnectionConfig {
  return pendingOf(row) ?? configOf(row)
}

export function timeoutsOf (row: ConnectionRow): ConnectionTimeouts | undefined {
  const timeouts: ConnectionTimeouts = {}
  if (row.connect_timeout_ms !== null) timeouts.connectMs = row.connect_timeout_ms
  if (row.headers_timeout_ms !== null) timeouts.headersMs = row.headers_timeout_ms
  if (row.body_timeout_ms !== null) timeouts.bodyMs = row.body_timeout_ms
  return Object.keys(timeouts).length === 0 ? undefined : timeouts
}

function authSummary (config: ConnectionConfig): RegistryAuthSummary {
  const fields = storedFields(config.credentials)
  const auth: RegistryAuthSummary = { kind: config.auth_kind, hasCredentials: fields.length > 0, credentialFields: fields }
  if (config.auth_scope !== null) auth.scope = config.auth_scope
  return auth
}

function pendingView (row: ConnectionRow): RegistryPendingConfiguration | undefined {
  const pending = pendingOf(row)
  if (pending === undefined || row.pending_actor_kind === null || row.pending_actor_id === null || row.pending_created_at === null || row.pending_updated_at === null) return undefined
  const view: RegistryPendingConfiguration = {
    protocol: pending.protocol,
    baseUrl: pending.base_url,
    auth: authSummary(pending),
    configVersion: pending.config_version,
    proposedBy: actorFromColumns(row.pending_actor_kind, row.pending_actor_id, row.ente_clave),
    createdAt: row.pending_created_at.toISOString(),
    updatedAt: row.pending_updated_at.toISOString()
  }
  if (pending.token_url !== null) view.tokenUrl = pending.token_url
  if (pending.dependencias_url !== null) view.dependenciasUrl = pending.dependencias_url
  return view
}

/** The public view of a connection: everything but the credentials, of which only the field names show. */
export function toRegistryConnection (row: ConnectionRow): RegistryConnection {
  const connection: RegistryConnection = {
    ente: row.ente_clave,
    system: row.system,
    protocol: row.protocol,
    baseUrl: row.base_url,
    auth: authSummary(row),
    maxConnections: row.max_connections,
    stage: row.stage,
    stageChangedAt: row.stage_changed_at.toISOString(),
    configVersion: row.config_version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString()
  }
  if (row.token_url !== null) connection.tokenUrl = row.token_url
  if (row.dependencias_url !== null) connection.dependenciasUrl = row.dependencias_url
  const timeouts = timeoutsOf(row)
  if (timeouts !== undefined) connection.timeouts = timeouts
  const pending = pendingView(row)
  if (pending !== undefined) connection.pendingConfiguration = pending
  if (row.test_id !== null && row.test_created_at !== null) {
    connection.latestTest = {
      id: Number(row.test_id),
      passed: row.test_passed === true,
      current: row.test_config_version === configUnderTest(row).config_version,
      createdAt: row.test_created_at.toISOString()
    }
  }
  return connection
}

export interface ConnectionFilter {
  ente?: string
  system?: string
  stages?: RegistryStage[]
}

/** The columns of `connection_pending_configs p` as `pending_*`, for a LEFT JOIN. */
export const PENDING_COLUMNS = `p.protocol AS pending_protocol, p.base_url AS pending_base_url, p.token_url AS pending_token_url,
       p.dependencias_url AS pending_dependencias_url, p.auth_kind AS pending_auth_kind, p.auth_scope AS pending_auth_scope,
       p.credentials AS pending_credentials, p.config_version AS pending_config_version, p.actor_kind AS pending_actor_kind,
       p.actor_id AS pending_actor_id, p.created_at AS pending_created_at, p.updated_at AS pending_updated_at`

/** Connections with their proposed configuration and latest test report, in federation order (clave, then system). */
export async function readConnections (db: Queryable, filter: ConnectionFilter = {}, lock = false): Promise<ConnectionRow[]> {
  const { rows } = await db.query<ConnectionRow>(
    `SELECT c.*, t.id AS test_id, t.passed AS test_passed, t.config_version AS test_config_version, t.created_at AS test_created_at,
            ${PENDING_COLUMNS}
       FROM connections c
       LEFT JOIN connection_pending_configs p ON p.ente_clave = c.ente_clave AND p.system = c.system
       LEFT JOIN LATERAL (
         SELECT id, passed, config_version, created_at FROM connection_test_reports r
          WHERE r.ente_clave = c.ente_clave AND r.system = c.system ORDER BY id DESC LIMIT 1
       ) t ON true
      WHERE ($1::text IS NULL OR c.ente_clave = $1)
        AND ($2::text IS NULL OR c.system = $2)
        AND ($3::text[] IS NULL OR c.stage = ANY($3::text[]))
      ORDER BY c.ente_clave COLLATE "C", c.system COLLATE "C"${lock ? ' FOR UPDATE OF c' : ''}`,
    [filter.ente ?? null, filter.system ?? null, filter.stages ?? null])
  return rows
}

export async function readConnection (db: Queryable, ente: string, system: string, lock = false): Promise<ConnectionRow | undefined> {
  return (await readConnections(db, { ente, system }, lock))[0]
}
