import type { RegistryConnection, RegistryStage } from '@see/openapi/types'

/**
 * Only connections in `produccion` answer PDN queries, always with their approved configuration.
 * `mantenimiento` does not: the ente is changing its side, the PDN's provider list marks it
 * MANTENIMIENTO, and the way back to production skips approval, so its data must not flow until an
 * operator returns it. Connections in `pruebas` and `mantenimiento` answer the sandbox route of
 * their ente (and connection tests), and so does a connection in `produccion` with a pending
 * configuration: there the sandbox serves the pending configuration, the PDN the approved one.
 */
export const PRODUCTION_STAGES: readonly RegistryStage[] = ['produccion']
export const SANDBOX_STAGES: readonly RegistryStage[] = ['pruebas', 'mantenimiento']

/** Whether the sandbox route and connection tests serve this connection (with its pending configuration, if any). */
export function servesSandbox (connection: Pick<RegistryConnection, 'stage' | 'pendingConfiguration'>): boolean {
  return SANDBOX_STAGES.includes(connection.stage) ||
    (PRODUCTION_STAGES.includes(connection.stage) && connection.pendingConfiguration !== undefined)
}
