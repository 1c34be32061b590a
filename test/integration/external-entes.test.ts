import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@see/db/testing'
import { startFederation, type ExternalFederation } from '@see/demo'
import { defaultFleet, SIMULATED_SYSTEMS, startSimulator, type Simulator } from '@see/ente-simulator'
import { SYSTEMS } from '@see/systems'
import { postJson } from '../support/http.js'

// The benchmarks serve the entes from another process: the federation is then given their
// addresses and credentials instead of starting a simulator of its own.
describe('a federation over entes served elsewhere', () => {
  let simulator: Simulator
  let database: TestDatabase
  let federation: ExternalFederation

  beforeAll(async () => {
    simulator = await startSimulator({ providers: defaultFleet(2, { size: 12 }) })
    const [kind] = await testDatabaseKinds('external-entes')
    database = await openTestDatabase(kind!)
    federation = await startFederation({ externalEntes: simulator.providers, database })
  })
  afterAll(async () => {
    await federation.close()
    await database.close()
    await simulator.close()
  })

  it('seeds them into production and federates over them', async () => {
    // Each simulated ente serves every federated system the simulator can serve (the profiles say which):
    // one connection per system, each tested into production, in the order of the list of systems.
    const systems = SYSTEMS.map(system => system.id).filter(id => SIMULATED_SYSTEMS.includes(id))
    expect(systems.length).toBeGreaterThan(3)
    expect(federation.registry.seeded.map(e => `${e.clave}/${e.system}:${e.stage}`)).toEqual(simulator.providers.flatMap(p => systems.map(s => `${p.clave}/${s}:produccion`)))
    const answer = await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: 30 }, { authorization: `Bearer ${await federation.token()}` })
    expect(answer.status).toBe(200)
    expect(answer.body.pagination.totalRows).toBe(24)
    expect(simulator.providers.every(p => p.counters.data > 0)).toBe(true)
  })
})
