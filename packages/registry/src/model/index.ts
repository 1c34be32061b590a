export { RegistryError, isRegistryError, type RegistryErrorCode } from './errors.js'
export type { Actor } from './actor.js'
export { APPROVED_CONFIG_STAGES, ENTE_STEPS, REGISTRY_STAGES, STAGE_TRANSITIONS, holdsApprovedConfig, isAllowedTransition, isEnteStep, requirementsOf, type TransitionRequirement } from './stages.js'
export { pdnSystemId, REGISTRY_PROTOCOLS, REGISTRY_SYSTEMS, sesnaV1Paths } from './systems.js'
