export { RegistryError, isRegistryError, type RegistryErrorCode } from './errors.js'
export type { Actor } from './actor.js'
export { APPROVED_CONFIG_STAGES, REGISTRY_STAGES, STAGE_TRANSITIONS, holdsApprovedConfig, isAllowedTransition, requirementsOf, type TransitionRequirement } from './stages.js'
export { PDN_SYSTEM_ID, REGISTRY_PROTOCOLS, REGISTRY_SYSTEMS, SESNA_V1_PATHS } from './systems.js'
