import type { Summary } from '@see/openapi/types'
import type { SystemFederation } from './context.js'
import { normalizeSearch, toEnteRequest } from './normalize.js'
import { invalidRecordsMarked } from './invalid-marks.js'
import { OUTCOME_MESSAGE_FALLBACK, type FailedEnte } from './outcomes.js'
import { throwWhenAllFailed } from './search.js'

/** A summary's body: the filters of the system's query. */
export interface SummaryBody {
  query?: Record<string, unknown>
}

/**
 * A summary and the entes named in `x-see-incomplete`, as for searches: those that failed in it,
 * and those whose recent search pages held records that do not meet the standard.
 */
export interface SummaryAnswer {
  body: Summary
  failed: FailedEnte[]
}

/**
 * The per-provider view the PDN shows, measured live: every ente in production is asked for its
 * count (no cache), and each answer or failure is reported with its latency. When every ente
 * fails, the answer is the search's: 504 when all ran out of time, 502 otherwise, never a summary
 * of zero records. The probe asks for counts only, so it cannot see records that do not meet the
 * standard: an ente's `totalRows` is its own count, and an ente whose search pages dropped such
 * records within the count TTL (on any gateway instance sharing the cache) is named
 * `ENTE_INVALID_RECORDS`, as those pages named it.
 */
export async function summarize (deps: SystemFederation, body: SummaryBody, requestId: string): Promise<SummaryAnswer> {
  const { query } = normalizeSearch(deps.system, { query: body.query ?? {} })
  const entes = deps.directory.list(deps.system.id)
  const request = toEnteRequest(deps.system, query, { page: 1, pageSize: 1 })
  const outcomes = await deps.service.batch(entes.map(e => ({ ente: e.clave, request, countOnly: true })), { requestId, timeoutMs: deps.settings.deadlineMs })
  const rows = entes.map((ente, i) => {
    const outcome = outcomes[i]
    if (outcome?.ok && outcome.totalRows !== undefined) {
      return { clave: ente.clave, nombre: ente.nombre, status: 'ok' as const, totalRows: outcome.totalRows, latencyMs: outcome.latencyMs }
    }
    return {
      clave: ente.clave,
      nombre: ente.nombre,
      status: 'error' as const,
      latencyMs: outcome?.latencyMs ?? 0,
      error: { code: outcome?.error?.code ?? 'ENTE_NO_OUTCOME', message: outcome?.error?.message ?? OUTCOME_MESSAGE_FALLBACK }
    }
  })
  const failed = rows.flatMap(r => r.error === undefined ? [] : [{ ente: r.clave, code: r.error.code }])
  throwWhenAllFailed(entes.length, failed)
  const answered = rows.filter(r => r.error === undefined).map(r => r.clave)
  // A cache that cannot answer loses the flag, never the summary.
  const invalid = await invalidRecordsMarked(deps.cache, deps.system.id, answered).catch(() => [])
  return { body: { totalRows: rows.reduce((sum, r) => sum + (r.totalRows ?? 0), 0), entes: rows }, failed: [...failed, ...invalid] }
}
