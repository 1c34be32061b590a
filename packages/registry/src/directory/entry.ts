import type { EnteAuth, EnteConnection, RegistryStage, RegistrySystem } from '@see/openapi/types'
import { CREDENTIAL_FIELDS } from '../credentials/fields.js'
import type { CredentialKeys } from '../credentials/keys.js'
import { credentialPlace } from '../credentials/sealed-fields.js'
import { openCredential } from '../credentials/seal.js'
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
 * The connection's `auth` as services use it. Credentials stay sealed in memory: each secret field
 * is a getter that opens it when read (AES-GCM costs microseconds), so no clear secret sits in the
 * directory's snapshot. `kind` and `scope` are plain: the hot path (a cached token) reads only `kind`.
 */
function sealedAuth (row: ConnectionRow, keys: CredentialKeys): EnteAuth {
  const auth = { kind: row.auth_kind } as EnteAuth
  if (row.auth_scope !== null) auth.scope = row.auth_scope
  for (const field of CREDENTIAL_FIELDS) {
    const sealed = row.credentials[field]
    if (sealed === undefined) continue
    const place = credentialPlace(row.ente_clave, row.system, field)
    Object.defineProperty(auth, field, { enumerable: true, get: () => openCredential(keys, sealed, place) })
  }
  return auth
}

function toEnteConnection (row: ConnectionRow, keys: CredentialKeys): EnteConnection {
  const connection: EnteConnection = {
    protocol: row.protocol,
    baseUrl: row.base_url,
    maxConnections: row.max_connections,
    auth: sealedAuth(row, keys)
  }
  if (row.token_url !== null) connection.tokenUrl = row.token_url
  const timeouts = timeoutsOf(row)
  if (timeouts !== undefined) connection.timeouts = timeouts
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
