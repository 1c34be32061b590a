import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { SpicRequest, SummaryRequest } from '@see/openapi/types'
import { federateDependencias } from '../../../federation/dependencias.js'
import type { FailedEnte } from '../../../federation/outcomes.js'
import { federateSpic, type FederatedPage, type SpicFederationDeps } from '../../../federation/spic.js'
import { normalizeSpicRequest } from '../../../federation/normalize.js'
import { summarizeSpic } from '../../../federation/summary.js'

export const INCOMPLETE_HEADER = 'x-see-incomplete'
export const CACHE_HEADER = 'x-see-cache'

/**
 * A page from the page cache when it is enabled: fresh, stale while it is renewed in the background,
 * or stale when renewing fails on the entes' side. Incomplete pages are never stored.
 */
async function cachedPage (deps: SpicFederationDeps, body: SpicRequest, requestId: string): Promise<{ page: FederatedPage, state: string }> {
  if (!deps.settings.pageCache) return { page: await federateSpic(deps, body, requestId), state: 'off' }
  const normalized = normalizeSpicRequest(body)
  const { value, state } = await deps.cache.page(
    { system: 's2', query: normalized.query, page: normalized.page, pageSize: normalized.pageSize, sort: normalized.sort },
    async () => await federateSpic(deps, body, requestId),
    { cacheable: page => page.failed.length === 0, waitMs: Math.floor(deps.settings.deadlineMs / 2) }
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
    const { page, state } = await cachedPage(app.spicFederation, request.body, request.id)
    reply.header(CACHE_HEADER, state)
    markIncomplete(reply, page.failed)
    return page.body
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
