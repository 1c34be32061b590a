import type { EnteConnection, RegistryStage, RegistrySystem } from '@see/openapi/types'
import { joinAuth } from '../credentials/fields.js'
import type { CredentialKeys } from '../credentials/keys.js'
import { openCredentials } from '../credentials/sealed-fields.js'
import type { EnteEntry } from '../directory.js'
import { timeoutsOf, type ConnectionRow } from '../store/connection-rows.js'

/** A directory entry from the registry: the federation's `EnteEntry` plus where it stands. */
export interface RegistryEntry extends EnteEntry {
  system: RegistrySystem
  stage: RegistryStage
  /** The configuration version in force (a connection test reports the version it tested). */
  configVersion: number
  /** The ente's catalogue URL when it is not at the standard path. */
  dependenciasUrl?: string
}

/**
 * The connection as services use it. Credentials stay sealed in memory: `auth` opens them each time
 * it is read (AES-GCM costs microseconds), so no clear secret sits in the directory's snapshot.
 */
function toEnteConnection (row: ConnectionRow, keys: CredentialKeys): EnteConnection {
  const connection = {
    protocol: 'sesna-v1',
    baseUrl: row.base_url,
    maxConnections: row.max_connections
  } as EnteConnection
  if (row.token_url !== null) connection.tokenUrl = row.token_url
  const timeouts = timeoutsOf(row)
  if (timeouts !== undefined) connection.timeouts = timeouts
  Object.defineProperty(connection, 'auth', {
    enumerable: true,
    get: () => joinAuth(row.auth_kind, row.auth_scope, openCredentials(keys, row.ente_clave, row.system, row.credentials))
  })
  return connection
}

export function toRegistryEntry (row: ConnectionRow & { nombre: string, siglas: string | null }, keys: CredentialKeys): RegistryEntry {
  const entry: RegistryEntry = {
    clave: row.ente_clave,
    nombre: row.nombre,
    system: row.system,
    stage: row.stage,
    configVersion: row.config_version,
    connection: toEnteConnection(row, keys)
  }
  if (row.siglas !== null) entry.siglas = row.siglas
  if (row.dependencias_url !== null) entry.dependenciasUrl = row.dependencias_url
  return entry
}
