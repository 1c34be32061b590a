import type { EnteSearchRequest, SearchBatchRequest, SearchOutcome } from '@see/openapi/types'
import { compareRecords, sortKeysOf, type Sort, type SystemProfile } from '@see/systems'
import { federatedId } from '@see/sesna'
import type { SystemPort } from '../../src/upstream/service-client.js'

type Rec = Record<string, unknown> & { id: string }

/**
 * An in-memory system service for the gateway's unit tests: serves fixed per-ente lists with the
 * standard's paging and sorting, records every batch, and can fail chosen entes. Like the real
 * service, it answers `countOnly` requests without records, so a page built from them shows.
 */
export function memoryService (system: SystemProfile, data: Record<string, Rec[]>): SystemPort & { batches: Array<SearchBatchRequest['requests']>, failing: Map<string, string>, invalid: Set<string> } {
  const batches: Array<SearchBatchRequest['requests']> = []
  const failing = new Map<string, string>()
  // Ids of records that do not meet the standard: like the real service, it drops and counts them.
  const invalid = new Set<string>()
  // Sorting an ente's list once per sort keeps long sorted crawls of the property tests quick.
  const sorted = new Map<string, Rec[]>()
  function sortedOnce (ente: string, sort: NonNullable<EnteSearchRequest['sort']>, records: Rec[]): Rec[] {
    const key = `${ente}|${JSON.stringify(Object.entries(sort))}`
    let found = sorted.get(key)
    if (found === undefined) sorted.set(key, found = records.sort((a, b) => compareRecords(system, sort, a, b) || (a.id < b.id ? -1 : 1)))
    return found
  }
  function answer (ente: string, request: EnteSearchRequest, countOnly: boolean): SearchOutcome {
    const code = failing.get(ente)
    if (code) return { ente, ok: false, latencyMs: 0, error: { code, message: code } }
    let records = [...(data[ente] ?? [])]
    const id = (request.query as { id?: string } | undefined)?.id
    if (id !== undefined) records = records.filter(r => r.id === id)
    else if (request.sort && Object.keys(request.sort).length > 0) records = sortedOnce(ente, request.sort, records)
    const start = (request.page - 1) * request.pageSize
    const slice = records.slice(start, start + request.pageSize)
    return { ente, ok: true, latencyMs: 0, totalRows: records.length, hasNextPage: start + request.pageSize < records.length, results: countOnly ? [] : slice.filter(r => !invalid.has(r.id)), dropped: countOnly ? 0 : slice.filter(r => invalid.has(r.id)).length }
  }
  return {
    batches,
    failing,
    invalid,
    async batch (requests) {
      batches.push(requests)
      return requests.map(r => answer(r.ente, r.request, r.countOnly === true))
    },
    // Lines as the real service writes them: each record's JSON text (as bytes) with its federated id.
    async batchLines (requests) {
      batches.push(requests)
      return requests.map(r => {
        const { results = [], ...outcome } = answer(r.ente, r.request, r.countOnly === true)
        const sort = r.request.sort as Sort | undefined
        const sortKeys = sort !== undefined && Object.keys(sort).length > 0 ? { sortKeys: results.map(record => sortKeysOf(system, sort, record)) } : {}
        return { ...outcome, ...sortKeys, records: results.map(record => Buffer.from(JSON.stringify({ ...record, id: federatedId(r.ente, String(record.id)) }))) }
      })
    },
    async dependencias (entes) {
      return entes.map(ente => ({ ente, ok: !failing.has(ente), latencyMs: 0, dependencias: [{ nombre: `Institución de ${ente}`, clave: ente }] }))
    }
  }
}
