import type { EnteSpicRequest, SpicBatchRequest, SpicOutcome } from '@see/openapi/types'
import { compareS2, type S2Sort } from '@see/sesna'
import type { S2Port } from '../../src/upstream/s2-client.js'

type Rec = Record<string, unknown> & { id: string }

/**
 * An in-memory S2 service for the gateway's unit tests: serves fixed per-ente lists with the
 * standard's paging and sorting, records every batch, and can fail chosen entes. Like the real
 * service, it answers `countOnly` requests without records, so a page built from them shows.
 */
export function memoryS2 (data: Record<string, Rec[]>): S2Port & { batches: Array<SpicBatchRequest['requests']>, failing: Map<string, string> } {
  const batches: Array<SpicBatchRequest['requests']> = []
  const failing = new Map<string, string>()
  function answer (ente: string, request: EnteSpicRequest, countOnly: boolean): SpicOutcome {
    const code = failing.get(ente)
    if (code) return { ente, ok: false, latencyMs: 0, error: { code, message: code } }
    let records = [...(data[ente] ?? [])]
    const id = (request.query as { id?: string } | undefined)?.id
    if (id !== undefined) records = records.filter(r => r.id === id)
    if (request.sort && Object.keys(request.sort).length > 0) records.sort((a, b) => compareS2(request.sort as S2Sort, a as never, b as never) || (a.id < b.id ? -1 : 1))
    const start = (request.page - 1) * request.pageSize
    return { ente, ok: true, latencyMs: 0, totalRows: records.length, hasNextPage: start + request.pageSize < records.length, results: countOnly ? [] : records.slice(start, start + request.pageSize), dropped: 0 }
  }
  return {
    batches,
    failing,
    async batch (requests) {
      batches.push(requests)
      return requests.map(r => answer(r.ente, r.request, r.countOnly === true))
    },
    async dependencias (entes) {
      return entes.map(ente => ({ ente, ok: !failing.has(ente), latencyMs: 0, dependencias: [{ nombre: `Institución de ${ente}`, clave: ente }] }))
    }
  }
}
