import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { SpicRequest, SpicResponse, SummaryRequest } from '@see/openapi/types'
import { federateDependencias } from '../../../federation/dependencias.js'
import type { EntryFrame } from '../../../cache/index.js'
import type { FailedEnte } from '../../../federation/outcomes.js'
import { federateSpic, type SpicFederationDeps } from '../../../federation/spic.js'
import { normalizeSpicRequest } from '../../../federation/normalize.js'
import { summarizeSpic } from '../../../federation/summary.js'

export const INCOMPLETE_HEADER = 'x-see-incomplete'
export const CACHE_HEADER = 'x-see-cache'

/** A federated page as the route sends it: the body already serialized by the route's response schema. */
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
async function servedPage (deps: SpicFederationDeps, body: SpicRequest, requestId: string, serialize: (body: SpicResponse) => string): Promise<{ page: SerializedPage, state: string }> {
  const compute = async (): Promise<SerializedPage> => {
    const page = await federateSpic(deps, body, requestId)
    return { json: serialize(page.body), failed: page.failed }
  }
  if (!deps.settings.pageCache) return { page: await compute(), state: 'off' }
  const normalized = normalizeSpicRequest(body)
  const { value, state } = await deps.cache.page(
    { system: 's2', query: normalized.query, page: normalized.page, pageSize: normalized.pageSize, sort: normalized.sort },
    compute,
    { cacheable: page => page.failed.length === 0, waitMs: Math.floor(deps.settings.deadlineMs / 2), frame: PAGE_FRAME }
  )
  return { page: value, state }
}

/** Names the entes left out of an answer, so an incomplete answer is never silent. */
function markIncomplete (reply: FastifyReply, failed: FailedEnte[]): void {
  if (failed.length > 0) reply.header(INCOMPLETE_HEADER, failed.map(f => `${f.ente}=${f.code}`).join(','))
}

const spic: FastifyPluginAsync = async (app) => {
  const error = ref(PUBLIC_SCHEMA_ID, 'Error')
  const errors = { 400: error, 401: error, 403: error, 422: error }

  app.post<{ Body: SpicRequest }>('/', {
    onRequest: app.oauth.requireScope('read:spic'),
    schema: { body: ref(PUBLIC_SCHEMA_ID, 'SpicRequest'), response: { 200: ref(PUBLIC_SCHEMA_ID, 'SpicResponse'), ...errors } }
  }, async (request, reply) => {
    // The route's own serializer (its 200 schema), also when a background refresh runs after this reply.
    const serialize = (body: SpicResponse): string => reply.serializeInput(body, '200') as string
    const { page, state } = await servedPage(app.spicFederation, request.body, request.id, serialize)
    reply.header(CACHE_HEADER, state)
    markIncomplete(reply, page.failed)
    // A string or Buffer with a JSON content type is sent as it is: the serializer already ran in `servedPage`.
    reply.header('content-type', 'application/json; charset=utf-8')
    return page.json
  })

  app.post<{ Body: SummaryRequest }>('/summary', {
    onRequest: app.oauth.requireScope('read:spic'),
    schema: { body: ref(PUBLIC_SCHEMA_ID, 'SummaryRequest'), response: { 200: ref(PUBLIC_SCHEMA_ID, 'Summary'), ...errors } }
  }, async (request) => await summarizeSpic(app.spicFederation, request.body, request.id))

  app.get('/dependencias', {
    onRequest: app.oauth.requireScope('read:spic'),
    schema: { response: { 200: ref(PUBLIC_SCHEMA_ID, 'Dependencias'), 401: error, 403: error } }
  }, async (request, reply) => {
    const answer = await federateDependencias(app.spicFederation, request.id)
    markIncomplete(reply, answer.failed)
    return answer.body
  })
}

export default spic
