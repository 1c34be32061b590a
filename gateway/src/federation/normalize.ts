import type { SpicQuery, SpicRequest, SpicSort } from '@see/openapi/types'

export interface NormalizedSpicRequest {
  page: number
  pageSize: number
  sort: SpicSort
  query: SpicQuery
}

/**
 * Applies the standard's defaults and drops filters that mean "no filter" (empty strings and
 * arrays), so equivalent requests share cache entries and entes see only real filters.
 */
export function normalizeSpicRequest (body: SpicRequest): NormalizedSpicRequest {
  const query: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body.query ?? {})) {
    if (value === '' || value === undefined || (Array.isArray(value) && value.length === 0)) continue
    query[key] = value
  }
  return { page: body.page ?? 1, pageSize: body.pageSize ?? 10, sort: body.sort ?? {}, query: query as SpicQuery }
}

/** A stable text form of a query (keys sorted) for cache keys. */
export function queryKey (query: SpicQuery): string {
  return JSON.stringify(Object.keys(query).sort().map(k => [k, (query as Record<string, unknown>)[k]]))
}
