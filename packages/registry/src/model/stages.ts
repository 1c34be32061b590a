import type { RegistryStage } from '@see/openapi/types'

export const REGISTRY_STAGES: readonly RegistryStage[] = [
  'solicitud', 'estandar', 'mecanismo', 'pruebas', 'aprobada', 'produccion', 'mantenimiento', 'suspendida'
]

/**
 * The onboarding process, the one place that says which stage may follow which.
 * Forward one step at a time; a failed test sends `pruebas`/`aprobada` back; maintenance may return
 * to production or to testing; every active stage may be suspended, and a suspension ends in
 * maintenance (guarded: only a connection that was once in production) or starts over.
 */
export const STAGE_TRANSITIONS: Readonly<Record<RegistryStage, readonly RegistryStage[]>> = {
  solicitud: ['estandar', 'suspendida'],
  estandar: ['mecanismo', 'suspendida'],
  mecanismo: ['pruebas', 'suspendida'],
  pruebas: ['aprobada', 'mecanismo', 'suspendida'],
  aprobada: ['produccion', 'pruebas', 'suspendida'],
  produccion: ['mantenimiento', 'suspendida'],
  mantenimiento: ['produccion', 'pruebas', 'suspendida'],
  suspendida: ['mantenimiento', 'solicitud']
}

/**
 * The steps an ente takes itself, on its own connections: declaring it follows the standard, that
 * its mechanism is in place, and entering testing. Approval and everything after it are an operator's.
 */
export const ENTE_STEPS: Readonly<Partial<Record<RegistryStage, RegistryStage>>> = {
  solicitud: 'estandar',
  estandar: 'mecanismo',
  mecanismo: 'pruebas'
}

export function isEnteStep (from: RegistryStage, to: RegistryStage): boolean {
  return ENTE_STEPS[from] === to
}

/** Conditions some transitions need beyond the table; checked against the stored facts. */
export type TransitionRequirement =
  | 'passing-current-test' // approval rests on a passing test of the configuration in force
  | 'was-in-production' // leaving a suspension for maintenance skips approval only for a connection already approved and live

export function requirementsOf (from: RegistryStage, to: RegistryStage): TransitionRequirement[] {
  if (to === 'aprobada') return ['passing-current-test']
  if (from === 'suspendida' && to === 'mantenimiento') return ['was-in-production']
  return []
}

export function isAllowedTransition (from: RegistryStage, to: RegistryStage): boolean {
  return STAGE_TRANSITIONS[from].includes(to)
}

/**
 * Stages whose configuration in force was approved, or may return to production without a new
 * approval (a suspension may end in maintenance, maintenance in production). A change of URL,
 * protocol or credentials there is held as a pending configuration: the PDN keeps the approved one
 * until a passing test of the new one and an operator's approval promote it. In the other stages
 * a change applies at once (nothing of it reaches the PDN before an approval anyway).
 */
export const APPROVED_CONFIG_STAGES: readonly RegistryStage[] = ['produccion', 'mantenimiento', 'suspendida']

export function holdsApprovedConfig (stage: RegistryStage): boolean {
  return APPROVED_CONFIG_STAGES.includes(stage)
}
