import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { EntryFrame } from '../../cache/index.js'
import type { SystemFederation } from '../../federation/context.js'
import { federateDependencias } from '../../federation/dependencias.js'
import { normalizeSearch, type SearchBody } from '../../federation/normalize.js'
import type { FailedEnte } from '../../federation/outcomes.js'
import { federateSearch } from '../../federation/search.js'
import { summarize, type SummaryBody } from '../../federation/summary.js'

export const INCOMPLETE_HEADER = 'x-see-incomplete'
export const CACHE_HEADER = 'x-see-cache'

/** A federated page as the route sends it: its JSON text and the entes left out. */
interface SerializedPage {
  json: string | Buffer
  failed: FailedEnte[]
}

// Stored framed: a hit from Redis is sent as the bytes Redis returned, never decoded or parsed.
const PAGE_FRAME: EntryFrame<SerializedPage> = {
  split: page => ({ head: { failed: page.failed }, body: page.json }),
  join: (head, body) => ({ json: body, failed: (head as { failed?: FailedEnte[] }).failed ?? [] })
}

/**
 * A page from the page cache when it is enabled: fresh, stale while it is renewed in the background,
 * or stale when renewing fails on the entes' side. Incomplete pages are never stored. Entries hold
 * the serialized body, so a hit is written out as stored, with no serialization per request.
 */
async function servedPage (deps: SystemFederation, body: SearchBody, requestId: string, client: string | undefined): Promise<{ page: SerializedPage, state: string }> {
  const compute = async (): Promise<SerializedPage> => {
    const page = await federateSearch(deps, body, requestId, client)
    return { json: page.json, failed: page.failed }
  }
  if (!deps.settings.pageCache) return { page: await compute(), state: 'off' }
  const normalized = normalizeSearch(deps.system, body)
  const { value, state } = await deps.cache.page(
    { system: deps.system.id, query: normalized.query, page: normalized.page, pageSize: normalized.pageSize, sort: normalized.sort },
    compute,
    { cacheable: page => page.failed.length === 0, waitMs: Math.floor(deps.settings.deadlineMs / 2), frame: PAGE_FRAME }
  )
  return { page: value, state }
}

/** Names the entes left out of an answer, so an incomplete answer is never silent. */
export function markIncomplete (reply: FastifyReply, failed: FailedEnte[]): void {
  if (failed.length > 0) reply.header(INCOMPLETE_HEADER, failed.map(f => `${f.ente}=${f.code}`).join(','))
}

/**
 * One system's public routes at its standard paths: the search, its per-ente summary and the
 * merged catalogue of institutions, each behind the system's scope.
 */
const systemRoutes: FastifyPluginAsync<{ federation: SystemFederation }> = async (app, { federation }) => {
  const { system } = federation
  const schemas = system.schemas
  const { search, dependencias } = system.paths
  if (schemas === undefined || search === undefined) throw new Error(`system ${system.id} is federated without paths or schemas`)
  const error = ref(PUBLIC_SCHEMA_ID, 'Error')
  const errors = { 400: error, 401: error, 403: error, 422: error }
  const requireScope = app.oauth.requireScope(system.scope)
  // Per-client quota (plugins/rate-limit.ts), counted after the scope guard verified the token.
  const config = app.dataRouteLimit === undefined ? {} : { rateLimit: app.dataRouteLimit }

  app.post<{ Body: SearchBody }>(search, {
    onRequest: requireScope,
    config,
    schema: { body: ref(PUBLIC_SCHEMA_ID, schemas.request), response: { 200: ref(PUBLIC_SCHEMA_ID, schemas.response), ...errors } }
  }, async (request, reply) => {
    const { page, state } = await servedPage(federation, request.body, request.id, request.accessToken?.client_id)
    reply.header(CACHE_HEADER, state)
    markIncomplete(reply, page.failed)
    // A string or Buffer with a JSON content type is sent as it is: the page is already JSON text
    // (records normalized to the standard by the service, spliced, never serialized again here).
    reply.header('content-type', 'application/json; charset=utf-8')
    return page.json
  })

  const summaryBody = { type: 'object', additionalProperties: false, properties: { query: ref(PUBLIC_SCHEMA_ID, schemas.query) } }
  app.post<{ Body: SummaryBody }>(`${search}/summary`, {
    onRequest: requireScope,
    config,
    schema: { body: summaryBody, response: { 200: ref(PUBLIC_SCHEMA_ID, 'Summary'), ...errors } }
  }, async (request, reply) => {
    const summary = await summarize(federation, request.body, request.id)
    markIncomplete(reply, summary.failed)
    return summary.body
  })

  if (dependencias !== undefined) {
    app.get(dependencias, {
      onRequest: requireScope,
      config,
      schema: { response: { 200: ref(PUBLIC_SCHEMA_ID, 'Dependencias'), 401: error, 403: error } }
    }, async (request, reply) => {
      const answer = await federateDependencias(federation, request.id)
      markIncomplete(reply, answer.failed)
      return answer.body
    })
  }
}

export default systemRoutes
