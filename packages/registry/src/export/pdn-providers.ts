import type { PdnProvider, RegistryStage } from '@see/openapi/types'
import { openCredentials } from '../credentials/sealed-fields.js'
import { assertOperator, type Actor } from '../model/actor.js'
import { joinUrl, pdnSystemId, sesnaV1Paths } from '../model/systems.js'
import type { ConnectionRow } from '../store/connection-rows.js'
import type { RegistryContext } from '../store/context.js'

export interface PdnExportOptions {
  /** Include decrypted credentials (username, password, client_id, client_secret, token). Off by default. */
  includeSecrets?: boolean
  /** Stages exported; production and maintenance by default. */
  stages?: RegistryStage[]
}

type ProviderRow = ConnectionRow & { nombre: string, orden: 'estatal' | 'municipal' }

function endpointsOf (row: ProviderRow): Pick<PdnProvider, 'url' | 'entities_url'> {
  if (row.protocol !== 'sesna-v1') return { url: row.base_url } // directus-v2: the Directus endpoint itself
  const paths = sesnaV1Paths(row.system)
  const endpoints: Pick<PdnProvider, 'url' | 'entities_url'> = { url: joinUrl(row.base_url, paths.search) }
  const entities = row.dependencias_url ?? (paths.dependencias === undefined ? undefined : joinUrl(row.base_url, paths.dependencias))
  if (entities !== undefined) endpoints.entities_url = entities
  return endpoints
}

function tokenUrlOf (row: ProviderRow): string | undefined {
  if (row.token_url !== null) return row.token_url
  // The reference servers answer tokens at /oauth/token (NOTES.md §2), where the services also look by default.
  return row.auth_kind.startsWith('oauth2-') ? joinUrl(row.base_url, '/oauth/token') : undefined
}

function toProvider (ctx: RegistryContext, row: ProviderRow, includeSecrets: boolean): PdnProvider {
  const provider: PdnProvider = {
    supplier_id: row.ente_clave,
    supplier_name: row.nombre,
    system_id: pdnSystemId(row.system),
    type: 'REST',
    levels: [row.orden],
    ...endpointsOf(row),
    status: row.stage === 'mantenimiento' ? 'MANTENIMIENTO' : 'ACTIVE'
  }
  const tokenUrl = tokenUrlOf(row)
  if (tokenUrl !== undefined) provider.token_url = tokenUrl
  if (row.auth_scope !== null) provider.scope = row.auth_scope
  if (includeSecrets) {
    const secrets = openCredentials(ctx.keys, row.ente_clave, row.system, row.credentials)
    if (secrets.username !== undefined) provider.username = secrets.username
    if (secrets.password !== undefined) provider.password = secrets.password
    if (secrets.clientId !== undefined) provider.client_id = secrets.clientId
    if (secrets.clientSecret !== undefined) provider.client_secret = secrets.clientSecret
    if (secrets.token !== undefined) provider.token = secrets.token
  }
  return provider
}

/**
 * The state's providers in the PDN's provider configuration format (NOTES.md §3), one per ente and
 * system, ordered by clave then system. Operators only; credentials only with `includeSecrets`.
 */
export async function pdnProviders (ctx: RegistryContext, actor: Actor, options: PdnExportOptions = {}): Promise<PdnProvider[]> {
  assertOperator(actor, 'exportar la lista de proveedores')
  const { rows } = await ctx.pool.query<ProviderRow>(
    `SELECT c.*, e.nombre, e.orden FROM connections c JOIN entes e ON e.clave = c.ente_clave
      WHERE c.stage = ANY($1::text[]) ORDER BY c.ente_clave COLLATE "C", c.system COLLATE "C"`,
    [options.stages ?? ['produccion', 'mantenimiento']])
  return rows.map(row => toProvider(ctx, row, options.includeSecrets === true))
}
