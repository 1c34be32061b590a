import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SIMULATED_SYSTEMS, searchAnswerExample } from '@see/ente-simulator'
import { SYSTEMS } from '@see/systems'

// The documented answer of each system's search (components.examples in openapi/see.openapi.json)
// is what `pnpm gen` writes from the simulator: a profile or a generator that changed without
// `pnpm gen` leaves the document behind, and this test says so.

const document = JSON.parse(readFileSync(new URL('../../openapi/see.openapi.json', import.meta.url), 'utf8')) as { components: { examples?: Record<string, { value: unknown }> } }

describe('the search answer examples of openapi/see.openapi.json', () => {
  it('are, for every federated system the simulator serves, the answer to its example search that pnpm gen writes', () => {
    const simulated = SYSTEMS.filter(system => SIMULATED_SYSTEMS.includes(system.id))
    expect(simulated.length).toBeGreaterThan(0)
    for (const system of simulated) {
      expect(document.components.examples?.[system.schemas.response]?.value, `${system.id}: run pnpm gen`).toEqual(searchAnswerExample(system))
    }
  })

  it('publish every record id as <clave>:<id>, as the gateway does', () => {
    for (const system of SYSTEMS) {
      const value = document.components.examples?.[system.schemas.response]?.value as { results: Array<{ id: string }> } | undefined
      for (const record of value?.results ?? []) expect(record.id).toMatch(/^[A-Z0-9_-]+:.+$/)
    }
  })
})
