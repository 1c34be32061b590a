export { RegistryError, isRegistryError, type RegistryErrorCode } from './errors.js'
export type { Actor } from './actor.js'
export { REGISTRY_STAGES, STAGE_TRANSITIONS, isAllowedTransition, requirementsOf, type TransitionRequirement } from './stages.js'
export { pdnSystemId, REGISTRY_PROTOCOLS, REGISTRY_SYSTEMS, sesnaV1Paths } from './systems.js'
