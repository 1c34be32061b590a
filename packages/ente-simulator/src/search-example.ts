import { federatedId } from '@see/sesna'
import { compareRecords, exampleOf, type AnyRecord, type SystemProfile } from '@see/systems'
import { enteProfile } from './data/entes.js'
import { seedFromString } from './prng.js'
import { compareIds, searchSystem } from './query.js'
import { simulatedSystem } from './systems.js'

// The documented answer of a system's search: what the gateway answers to the system's example
// body (its profile's `example`) when the first simulated entes publish the simulator's records.
// `infra/search-examples.ts` writes it into openapi/see.openapi.json, so every system the
// simulator serves gets a realistic example with no hand-written record.

/** Entes the example federates, in the fixed order (the first named state entes). */
const EXAMPLE_ENTES = 2
/** Records each example ente publishes. */
const EXAMPLE_SIZE = 60

export interface SearchAnswerExample {
  pagination: { page: number, pageSize: number, totalRows: number, hasNextPage: boolean }
  results: AnyRecord[]
}

/** Every record the example entes publish, ids as the gateway publishes them (`<clave>:<id>`), ente by ente. */
export function exampleRecords (profile: SystemProfile): AnyRecord[] {
  const system = simulatedSystem(profile.id)
  return Array.from({ length: EXAMPLE_ENTES }, (_, index) => {
    const ente = enteProfile(index)
    const records = system.generate({ seed: seedFromString(`${seedFromString(ente.clave)}:${profile.id}`), size: EXAMPLE_SIZE, instituciones: ente.instituciones })
    return records.map(record => ({ ...record, id: federatedId(ente.clave, String(record.id)) }))
  }).flat()
}

/** The federated answer of `profile`'s example search over the first simulated entes, ids published as `<clave>:<id>`. */
export function searchAnswerExample (profile: SystemProfile): SearchAnswerExample {
  const system = simulatedSystem(profile.id)
  const example = exampleOf(profile)
  const { page = 1, pageSize = 10, sort = {} } = example
  const found = Array.from({ length: EXAMPLE_ENTES }, (_, index) => {
    const ente = enteProfile(index)
    const records = system.generate({ seed: seedFromString(`${seedFromString(ente.clave)}:${profile.id}`), size: EXAMPLE_SIZE, instituciones: ente.instituciones })
    const matching = searchSystem(profile, records, { query: example.query ?? {}, sort, page: 1, pageSize: EXAMPLE_SIZE }).results
    return matching.map(record => ({ ente: ente.clave, index, record }))
  }).flat()
  // The gateway's order: the requested sort in Spanish collation, ties by ente in the fixed order, then by id.
  found.sort((a, b) => compareRecords(profile, sort, a.record, b.record) || a.index - b.index || compareIds(String(a.record.id), String(b.record.id)))
  const start = (page - 1) * pageSize
  return {
    pagination: { page, pageSize, totalRows: found.length, hasNextPage: start + pageSize < found.length },
    results: found.slice(start, start + pageSize).map(({ ente, record }) => ({ ...record, id: federatedId(ente, String(record.id)) }))
  }
}
