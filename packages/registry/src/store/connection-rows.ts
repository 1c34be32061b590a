import type { ConnectionTimeouts, RegistryConnection, RegistryProtocol, RegistryStage, RegistrySystem } from '@see/openapi/types'
import { storedFields, type SealedCredentials } from '../credentials/sealed-fields.js'
import type { AuthKind } from '../credentials/fields.js'
import type { Queryable } from './context.js'

/** A connection as stored, credentials still sealed. Never leaves the registry package as it is. */
export interface ConnectionRow {
  ente_clave: string
  system: RegistrySystem
  protocol: RegistryProtocol
  base_url: string
  token_url: string | null
  dependencias_url: string | null
  auth_kind: AuthKind
  auth_scope: string | null
  credentials: SealedCredentials
  connect_timeout_ms: number | null
  headers_timeout_ms: number | null
  body_timeout_ms: number | null
  max_connections: number
  stage: RegistryStage
  stage_changed_at: Date
  config_version: number
  created_at: Date
  updated_at: Date
  test_id: string | null
  test_passed: boolean | null
  test_config_version: number | null
  test_created_at: Date | null
}

export function timeoutsOf (row: ConnectionRow): ConnectionTimeouts | undefined {
  const timeouts: ConnectionTimeouts = {}
  if (row.connect_timeout_ms !== null) timeouts.connectMs = row.connect_timeout_ms
  if (row.headers_timeout_ms !== null) timeouts.headersMs = row.headers_timeout_ms
  if (row.body_timeout_ms !== null) timeouts.bodyMs = row.body_timeout_ms
  return Object.keys(timeouts).length === 0 ? undefined : timeouts
}

/** The public view of a connection: everything but the credentials, of which only the field names show. */
export function toRegistryConnection (row: ConnectionRow): RegistryConnection {
  const fields = storedFields(row.credentials)
  const connection: RegistryConnection = {
    ente: row.ente_clave,
    system: row.system,
    protocol: row.protocol,
    baseUrl: row.base_url,
    auth: { kind: row.auth_kind, hasCredentials: fields.length > 0, credentialFields: fields },
    maxConnections: row.max_connections,
    stage: row.stage,
    stageChangedAt: row.stage_changed_at.toISOString(),
    configVersion: row.config_version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString()
  }
  if (row.token_url !== null) connection.tokenUrl = row.token_url
  if (row.dependencias_url !== null) connection.dependenciasUrl = row.dependencias_url
  if (row.auth_scope !== null) connection.auth.scope = row.auth_scope
  const timeouts = timeoutsOf(row)
  if (timeouts !== undefined) connection.timeouts = timeouts
  if (row.test_id !== null && row.test_created_at !== null) {
    connection.latestTest = {
      id: Number(row.test_id),
      passed: row.test_passed === true,
      current: row.test_config_version === row.config_version,
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

/** Connections with their latest test report, in federation order (clave, then system). */
export async function readConnections (db: Queryable, filter: ConnectionFilter = {}, lock = false): Promise<ConnectionRow[]> {
  const { rows } = await db.query<ConnectionRow>(
    `SELECT c.*, t.id AS test_id, t.passed AS test_passed, t.config_version AS test_config_version, t.created_at AS test_created_at
       FROM connections c
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
