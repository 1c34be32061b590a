import type { EnteSearchRequest } from '@see/openapi/types'
import { directusMappingFor, type SystemMapping } from '@see/systems'
import { EnteCallError } from '../outcome-errors.js'
import { normalizeDependencias, normalizeRecords, type NormalizedDependencias, type NormalizedPage } from '../normalize.js'
import { parseJson } from '../ente-client/fetch-json.js'
import { directusErrorFor, DirectusProtocolError, runDirectusDependencias, runDirectusSearch, type DirectusFetch } from './directus-v2/index.js'
import type { ProtocolCall } from './protocol.js'

// The directus-v2 generation (NOTES.md §4): the planner in ./directus-v2 says which GETs answer a
// v1 search; here they are made with the federation's own client (tokens, pools, SSRF guard,
// deadlines, size cap) and the answer is validated like any v1 answer.

function mappingOf (call: ProtocolCall): SystemMapping {
  const mapping = directusMappingFor(call.system)
  if (mapping === undefined) throw new EnteCallError('ENTE_FILTER_UNSUPPORTED', `(no hay herramienta de captura v2 para ${call.system.pdnId})`)
  return mapping
}

/** The provider's GETs, each a Directus error or bad answer turned into the service's outcome codes. */
function fetchWith (call: ProtocolCall): DirectusFetch {
  return async (request) => {
    const response = await call.client.send(call.entry, { method: 'GET', path: `${request.path}?${request.query}` }, call.context)
    const body = parseJson(response.text, 'directus')
    if (response.status < 200 || response.status >= 300) throw directusErrorFor(response.status, body)
    return body
  }
}

async function translated<T> (work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof DirectusProtocolError) throw new EnteCallError(err.code, `(${err.message})`, err.status === undefined ? {} : { status: err.status })
    throw err
  }
}

/** A v1 search answered by the ente's Directus: exact, or `ENTE_FILTER_UNSUPPORTED` rather than wrong rows. */
export async function searchDirectus (call: ProtocolCall, request: EnteSearchRequest, options: { countOnly?: boolean } = {}): Promise<NormalizedPage> {
  const search = { page: request.page, pageSize: request.pageSize, ...(request.sort && { sort: request.sort }), ...(request.query && { query: request.query }) }
  const answer = await translated(async () => await runDirectusSearch(call.system, mappingOf(call), search, fetchWith(call)))
  if ('unsupported' in answer) throw new EnteCallError('ENTE_FILTER_UNSUPPORTED', `(${answer.unsupported})`)
  const hasNextPage = request.page * request.pageSize < answer.totalRows
  return normalizeRecords(call.system, { totalRows: answer.totalRows, hasNextPage, results: answer.results }, options)
}

/** The distinct institutions of the ente's Directus data. */
export async function dependenciasDirectus (call: ProtocolCall): Promise<NormalizedDependencias> {
  const answer = await translated(async () => await runDirectusDependencias(call.system, mappingOf(call), fetchWith(call)))
  if ('unsupported' in answer) throw new EnteCallError('ENTE_FILTER_UNSUPPORTED', `(${answer.unsupported})`)
  return normalizeDependencias(answer.dependencias)
}
