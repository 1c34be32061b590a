import type { DirectusFilter } from './conditions.js'

/** One GET a plan asks the service to make, relative to the provider's Directus base URL. */
export interface DirectusRequest {
  collection: string
  /** `/items/<collection>` */
  path: string
  /** The query string, encoded, without `?`. */
  query: string
  /** The same parameters, decoded. */
  params: Readonly<Record<string, string>>
}

export interface ItemsQuery {
  fields: string
  filter?: DirectusFilter | undefined
  sort?: string
  limit: number
  offset?: number
  /** Ask for `meta.filter_count`. */
  count?: boolean
}

/** A `GET /items/<collection>` request; parameters in a fixed order so equal plans give equal URLs. */
export function itemsRequest (collection: string, query: ItemsQuery): DirectusRequest {
  const params: Record<string, string> = { fields: query.fields }
  if (query.filter !== undefined) params.filter = JSON.stringify(query.filter)
  if (query.sort !== undefined) params.sort = query.sort
  params.limit = String(query.limit)
  if (query.offset !== undefined && query.offset > 0) params.offset = String(query.offset)
  if (query.count === true) params.meta = 'filter_count'
  const encoded = Object.entries(params).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')
  return { collection, path: `/items/${encodeURIComponent(collection)}`, query: encoded, params }
}
