import { describe, expect, it } from 'vitest'
import { registryDocument } from '@see/openapi'
import { SYSTEM_IDS, SYSTEMS, systemOfScope } from '../../src/index.js'

describe('the list of systems', () => {
  it('is the registry contract’s list of systems, in its order', () => {
    const contract = registryDocument.components.schemas.RegistrySystem as { enum: string[] }
    expect(SYSTEM_IDS).toEqual(contract.enum)
  })

  it('gives every system its own scope, and finds it back by scope', () => {
    const scopes = SYSTEMS.map(s => s.scope)
    expect(new Set(scopes).size).toBe(SYSTEMS.length)
    for (const system of SYSTEMS) expect(systemOfScope(system.scope)?.id).toBe(system.id)
  })

  it('gives every federated system paths, schemas, a port and only filters and sorts it can read', () => {
    const ports = SYSTEMS.map(s => s.servicePort)
    expect(new Set(ports).size).toBe(SYSTEMS.length)
    for (const system of SYSTEMS) {
      expect(system.paths.search).toMatch(/^\//)
      expect(system.schemas).toBeDefined()
      expect(system.filters.id).toEqual({ kind: 'id' })
      expect(Object.keys(system.sorts).length).toBeGreaterThan(0)
      if (system.institutionFilter !== undefined) expect(system.filters[system.institutionFilter]?.kind).toBe('text')
    }
  })
})
