import type { EnteSpicRequest } from '@see/openapi/types'
import type { EnteEntry } from '@see/registry'
import { normalizeDependencias, normalizeSpicPage, type NormalizedDependencias, type NormalizedPage } from '../normalize.js'
import { EnteCallError } from '../outcome-errors.js'
import type { CallContext, EnteClient } from './client.js'
import { parseJson, type EnteHttpResponse } from './fetch-json.js'

export const SPIC_PATH = '/v1/spic'
export const DEPENDENCIAS_PATH = '/v1/spic/dependencias'

/** Non-2xx answers to a data call: 400/422 mean the ente refused our query, anything else is its failure. */
function checkStatus (response: EnteHttpResponse): void {
  const { status } = response
  if (status >= 200 && status < 300) return
  if (status === 400 || status === 422) throw new EnteCallError('ENTE_REJECTED_QUERY', `(HTTP ${status})`, { status })
  throw new EnteCallError('ENTE_HTTP_ERROR', `(HTTP ${status})`, { status, retryAfterMs: response.retryAfterMs })
}

/**
 * One S2 search at an ente under the SESNA v1 protocol. The request already speaks the standard
 * (with the ente's own id in `query.id`), so it is sent as it came. `countOnly` keeps only the
 * ente's pagination (see `normalizeSpicPage`).
 */
export async function searchSpic (client: EnteClient, entry: EnteEntry, request: EnteSpicRequest, context: CallContext, options: { countOnly?: boolean } = {}): Promise<NormalizedPage> {
  const response = await client.send(entry, { method: 'POST', path: SPIC_PATH, body: request }, context)
  checkStatus(response)
  return normalizeSpicPage(parseJson(response.text, 'búsqueda'), options)
}

/** The ente's catalogue of institutions. */
export async function fetchDependencias (client: EnteClient, entry: EnteEntry, context: CallContext): Promise<NormalizedDependencias> {
  const response = await client.send(entry, { method: 'GET', path: DEPENDENCIAS_PATH }, context)
  checkStatus(response)
  return normalizeDependencias(parseJson(response.text, 'dependencias'))
}
