import { compareRecords, type Sort, type SystemProfile } from '@see/systems'
import { mergeSorted } from '../../src/federation/merge.js'

type Rec = Record<string, unknown> & { id: string }

/** The definition of a sorted federation's order: each ente's records in its own sorted order, merged by `mergeSorted`; federated ids. */
export function fullMerge (system: SystemProfile, data: Record<string, Rec[]>, sort: Sort): string[] {
  const streams = Object.entries(data).map(([ente, records], rank) => ({
    ente,
    rank,
    records: [...records].sort((a, b) => compareRecords(system, sort, a, b) || (a.id < b.id ? -1 : 1))
  }))
  return mergeSorted(streams, (a, b) => compareRecords(system, sort, a, b), Infinity).map(m => `${m.ente}:${m.record.id}`)
}
