import type { EnteConnection, RegistryFile } from '@see/openapi/types'
import { OCDS_FEED_PATH } from './provider/ocds-feed.js'
import type { SimulatedProvider, Simulator } from './types.js'

export type ConnectionExtras = Partial<Pick<EnteConnection, 'timeouts' | 'maxConnections'>>

/** The contract's default for `maxConnections` (the generated type makes the field required). */
const DEFAULT_MAX_CONNECTIONS = 16

function connectionOf (provider: SimulatedProvider, extras: ConnectionExtras): EnteConnection {
  return {
    ...(provider.protocol === 'ocds-releases' ? { protocol: 'ocds-releases', baseUrl: `${provider.url}${OCDS_FEED_PATH}` } : { protocol: 'sesna-v1', baseUrl: provider.url }),
    tokenUrl: provider.tokenUrl,
    auth: {
      kind: 'oauth2-password',
      clientId: provider.credentials.clientId,
      clientSecret: provider.credentials.clientSecret,
      username: provider.credentials.username,
      password: provider.credentials.password
    },
    maxConnections: extras.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    ...(extras.timeouts !== undefined && { timeouts: extras.timeouts })
  }
}

/**
 * A registry file whose entes' connections point at the simulated providers: one per system a
 * provider serves (every one is the same server, which serves each system at its standard's paths).
 */
export function toRegistryFile (simulator: Pick<Simulator, 'providers'>, extras: ConnectionExtras = {}): RegistryFile {
  return {
    entes: simulator.providers.map(provider => ({
      clave: provider.clave,
      nombre: provider.nombre,
      siglas: provider.siglas,
      systems: Object.fromEntries(provider.systems.map(system => [system, connectionOf(provider, extras)]))
    }))
  }
}
