import type { EnteSearchRequest } from '@see/openapi/types'
import { EnteCallError } from '../outcome-errors.js'
import { normalizeDependencias, normalizePage, type NormalizedDependencias, type NormalizedPage } from '../normalize.js'
import { parseJson, type EnteHttpResponse } from '../ente-client/fetch-json.js'
import type { ProtocolCall } from './protocol.js'

/** Non-2xx answers to a data call: 400/422 mean the ente refused our query, anything else is its failure. */
export function checkStatus (response: EnteHttpResponse): void {
  const { status } = response
  if (status >= 200 && status < 300) return
  if (status === 400 || status === 422) throw new EnteCallError('ENTE_REJECTED_QUERY', `(HTTP ${status})`, { status })
  throw new EnteCallError('ENTE_HTTP_ERROR', `(HTTP ${status})`, { status, retryAfterMs: response.retryAfterMs })
}

function pathOf (path: string | undefined, what: string): string {
  if (path === undefined) throw new EnteCallError('ENTE_INTERNAL', `(el sistema no define la ruta de ${what})`)
  return path
}

/**
 * One search at an ente under the SESNA v1 protocol: `POST` to the system's standard path. The
 * request already speaks the standard (with the ente's own id in `query.id`), so it is sent as it
 * came. `countOnly` keeps only the ente's pagination (see `normalizePage`).
 */
export async function searchSesnaV1 (call: ProtocolCall, request: EnteSearchRequest, options: { countOnly?: boolean } = {}): Promise<NormalizedPage> {
  const path = pathOf(call.system.paths.search, 'búsqueda')
  const response = await call.client.send(call.entry, { method: 'POST', path, body: request }, call.context)
  checkStatus(response)
  return normalizePage(call.system, parseJson(response.text, 'búsqueda'), options)
}

/** The ente's catalogue of institutions, at the system's standard path. */
export async function dependenciasSesnaV1 (call: ProtocolCall): Promise<NormalizedDependencias> {
  const path = pathOf(call.system.paths.dependencias, 'dependencias')
  const response = await call.client.send(call.entry, { method: 'GET', path }, call.context)
  checkStatus(response)
  return normalizeDependencias(parseJson(response.text, 'dependencias'))
}
