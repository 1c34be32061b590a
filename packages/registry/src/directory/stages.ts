import type { RegistryStage } from '@see/openapi/types'

/**
 * Only connections in `produccion` answer PDN queries. `mantenimiento` does not: the ente is
 * changing its side, the PDN's provider list marks it MANTENIMIENTO, and the way back to
 * production skips approval, so its data must not flow until an operator returns it. Connections
 * in `pruebas` and `mantenimiento` answer the sandbox route of their ente (and connection tests).
 */
export const PRODUCTION_STAGES: readonly RegistryStage[] = ['produccion']
export const SANDBOX_STAGES: readonly RegistryStage[] = ['pruebas', 'mantenimiento']
