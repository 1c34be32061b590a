import { describe, expect, it } from 'vitest'
import { ENTE_STEPS, isAllowedTransition, isEnteStep, REGISTRY_STAGES, requirementsOf, STAGE_TRANSITIONS } from '../../src/index.js'

const ACTIVE = REGISTRY_STAGES.filter(s => s !== 'suspendida')

describe('stage transition table', () => {
  it('names every stage and only known stages', () => {
    expect(Object.keys(STAGE_TRANSITIONS).sort()).toEqual([...REGISTRY_STAGES].sort())
    for (const targets of Object.values(STAGE_TRANSITIONS)) {
      for (const target of targets) expect(REGISTRY_STAGES).toContain(target)
    }
  })

  it('walks the onboarding path forward one step at a time', () => {
    const path = ['solicitud', 'estandar', 'mecanismo', 'pruebas', 'aprobada', 'produccion', 'mantenimiento'] as const
    for (let i = 0; i + 1 < path.length; i++) expect(isAllowedTransition(path[i] as never, path[i + 1] as never)).toBe(true)
    expect(isAllowedTransition('solicitud', 'produccion')).toBe(false)
    expect(isAllowedTransition('pruebas', 'produccion')).toBe(false)
    expect(isAllowedTransition('mecanismo', 'aprobada')).toBe(false)
  })

  it('suspends from every active stage and returns to maintenance; maintenance returns to production', () => {
    for (const stage of ACTIVE) expect(isAllowedTransition(stage, 'suspendida')).toBe(true)
    expect(isAllowedTransition('suspendida', 'mantenimiento')).toBe(true)
    expect(isAllowedTransition('mantenimiento', 'produccion')).toBe(true)
    expect(isAllowedTransition('suspendida', 'produccion')).toBe(false)
  })

  it('never stays in place and reaches production only from approval or maintenance', () => {
    for (const stage of REGISTRY_STAGES) expect(isAllowedTransition(stage, stage)).toBe(false)
    const intoProduction = REGISTRY_STAGES.filter(s => isAllowedTransition(s, 'produccion'))
    expect(intoProduction.sort()).toEqual(['aprobada', 'mantenimiento'])
  })

  it('guards approval with a passing test and the way out of suspension with past production', () => {
    expect(requirementsOf('pruebas', 'aprobada')).toEqual(['passing-current-test'])
    expect(requirementsOf('suspendida', 'mantenimiento')).toEqual(['was-in-production'])
    expect(requirementsOf('aprobada', 'produccion')).toEqual([])
  })

  it('gives an ente only the steps before testing, each one a transition of the table', () => {
    expect(ENTE_STEPS).toEqual({ solicitud: 'estandar', estandar: 'mecanismo', mecanismo: 'pruebas' })
    for (const [from, to] of Object.entries(ENTE_STEPS)) expect(isAllowedTransition(from as never, to)).toBe(true)
    for (const from of REGISTRY_STAGES) {
      for (const to of ['aprobada', 'produccion', 'mantenimiento', 'suspendida'] as const) expect(isEnteStep(from, to)).toBe(false)
    }
  })
})
