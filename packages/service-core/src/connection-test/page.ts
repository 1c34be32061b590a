import type { SystemProfile } from '@see/systems'
import { normalizePage, type StandardRecord } from '../normalize.js'
import { jsonOf, type Exchange } from './exchange.js'
import { problem, type Problem } from './problems.js'

export interface Requested {
  page: number
  pageSize: number
}

export interface PageView {
  totalRows: number
  hasNextPage: boolean
  results: StandardRecord[]
}

function echoed (data: unknown): { page?: unknown, pageSize?: unknown } {
  return ((data as { pagination?: object }).pagination ?? {}) as { page?: unknown, pageSize?: unknown }
}

/**
 * Reads a search answer the way the system's service does (envelope and every record against the
 * public schema) and checks its pagination against what was asked: echoed page and pageSize,
 * number of records, `hasNextPage`, no repeated ids.
 */
export function readPage (system: SystemProfile, answer: Exchange, requested: Requested): { problems: Problem[], page?: PageView } {
  const { problems, data } = jsonOf(answer)
  if (problems.length > 0) return { problems }
  let normalized
  try {
    normalized = normalizePage(system, data)
  } catch (err) {
    return { problems: [problem('BAD_SHAPE', (err as Error).message)] }
  }
  const found: Problem[] = []
  const { totalRows, hasNextPage, results, dropped } = normalized
  if (dropped > 0) found.push(problem('RECORD_SCHEMA', `${dropped} registro(s) no cumplen el esquema del estándar; el primero: ${normalized.firstProblem ?? ''}`))
  const echo = echoed(data)
  if (echo.page !== requested.page) found.push(problem('PAGE_ECHO', `pagination.page es ${JSON.stringify(echo.page)}; se pidió ${requested.page}`))
  if (echo.pageSize !== requested.pageSize) found.push(problem('PAGE_ECHO', `pagination.pageSize es ${JSON.stringify(echo.pageSize)}; se pidió ${requested.pageSize}`))
  const expected = Math.max(0, Math.min(requested.pageSize, totalRows - (requested.page - 1) * requested.pageSize))
  if (results.length + dropped !== expected) found.push(problem('ROW_COUNT', `llegaron ${results.length + dropped} registros; con totalRows ${totalRows} se esperaban ${expected}`))
  const next = requested.page * requested.pageSize < totalRows
  if (hasNextPage !== next) found.push(problem('HAS_NEXT', `hasNextPage es ${hasNextPage}; con totalRows ${totalRows} debe ser ${next}`))
  if (new Set(results.map(r => r.id)).size !== results.length) found.push(problem('REPEATED_IDS', 'la página repite ids'))
  return { problems: found, page: { totalRows, hasNextPage, results } }
}
