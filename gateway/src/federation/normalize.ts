import type { EnteSearchRequest } from '@see/openapi/types'
import { isEmptyFilter, type Query, type Sort, type SystemProfile } from '@see/systems'

/** A search as the federation plans it, whatever the system. */
export interface NormalizedSearch {
  page: number
  pageSize: number
  sort: Sort
  /** The filters, with `rfcSolicitante` inside whatever the system's body says (see `toEnteRequest`). */
  query: Query
}

/** The body of any system's search, as the route validated it. */
export interface SearchBody {
  page?: number
  pageSize?: number
  sort?: Sort
  query?: Record<string, unknown>
  rfcSolicitante?: string
}

/**
 * Applies the standard's defaults and drops filters that mean "no filter" (empty strings and
 * arrays), so equivalent requests share cache entries and entes see only real filters. Who asks
 * (`rfcSolicitante`) joins the query, wherever the system's body puts it.
 */
export function normalizeSearch (system: SystemProfile, body: SearchBody): NormalizedSearch {
  const query: Query = {}
  for (const [key, value] of Object.entries(body.query ?? {})) {
    if (!isEmptyFilter(value)) query[key] = value
  }
  if (system.requester === 'body' && !isEmptyFilter(body.rfcSolicitante)) query.rfcSolicitante = body.rfcSolicitante
  return { page: body.page ?? 1, pageSize: body.pageSize ?? 10, sort: (body.sort ?? {}) as Sort, query }
}

/** The request an ente receives for a page of its own, in its system's body layout. */
export function toEnteRequest (system: SystemProfile, query: Query, page: { page: number, pageSize: number }, sort?: Sort): EnteSearchRequest {
  const request: EnteSearchRequest = { page: page.page, pageSize: page.pageSize, query }
  if (sort !== undefined && Object.keys(sort).length > 0) request.sort = sort as EnteSearchRequest['sort']
  if (system.requester === 'body' && query.rfcSolicitante !== undefined) {
    const { rfcSolicitante, ...filters } = query
    return { ...request, query: filters, rfcSolicitante: String(rfcSolicitante) }
  }
  return request
}
