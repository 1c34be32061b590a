import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { SystemProfile } from '@see/systems'
import type { QueryAuditEntry } from '../../audit/query-audit.js'
import type { EntryFrame } from '../../cache/index.js'
import type { SystemFederation } from '../../federation/context.js'
import { federateDependencias } from '../../federation/dependencias.js'
import { normalizeSearch, type SearchBody } from '../../federation/normalize.js'
import type { FailedEnte } from '../../federation/outcomes.js'
import { federateSearch } from '../../federation/search.js'
import { summarize, type SummaryBody } from '../../federation/summary.js'
import { isPrivileged, PRIVATE_REMOVED_HEADER, publicBody, refusePrivateFilters } from '../../visibility/policy.js'

export const INCOMPLETE_HEADER = 'x-see-incomplete'
export const CACHE_HEADER = 'x-see-cache'

/** A federated page as the route sends it: its JSON text, the entes left out, and what the audit records. */
interface SerializedPage {
  json: string | Buffer
  failed: FailedEnte[]
  /** What the audit of queries records, on hits too: the entes that answered and the records sent. */
  answered: string[]
  records: number
  /** Entes whose records held private fields the gateway removed (public answers only). */
  privateRemoved: string[]
}

interface PageHead { failed?: FailedEnte[], answered?: string[], records?: number, privateRemoved?: string[] }

// Stored framed: a hit from Redis is sent as the bytes Redis returned, never decoded or parsed.
const PAGE_FRAME: EntryFrame<SerializedPage> = {
  split: ({ json, ...head }) => ({ head, body: json }),
  join: (head, body) => {
    const { failed = [], answered = [], records = 0, privateRemoved = [] } = head as PageHead
    return { json: body, failed, answered, records, privateRemoved }
  }
}

/** Who asks: the client, and whether its token holds the system's privileged scope. */
interface Caller {
  client: string | undefined
  privileged: boolean
}

/**
 * A page from the page cache when it is enabled: fresh, stale while it is renewed in the background,
 * or stale when renewing fails on the entes' side. Incomplete pages are never stored. Entries hold
 * the serialized body, so a hit is written out as stored, with no serialization per request.
 */
async function servedPage (deps: SystemFederation, body: SearchBody, requestId: string, caller: Caller): Promise<{ page: SerializedPage, state: string }> {
  const compute = async (): Promise<SerializedPage> => {
    const entes = deps.directory.list(deps.system.id).map(ente => ente.clave)
    // A public client's records come from the service without private fields: the answer is spliced either way.
    const page = await federateSearch(deps, body, requestId, { ...(caller.client !== undefined && { client: caller.client }), publicOnly: !caller.privileged })
    const failed = new Set(page.failed.map(f => f.ente))
    return { failed: page.failed, answered: entes.filter(ente => !failed.has(ente)), json: page.json, records: page.count, privateRemoved: page.privateRemoved }
  }
  if (!deps.settings.pageCache) return { page: await compute(), state: 'off' }
  const normalized = normalizeSearch(deps.system, body)
  const { value, state } = await deps.cache.page(
    { system: deps.system.id, query: normalized.query, page: normalized.page, pageSize: normalized.pageSize, sort: normalized.sort, privileged: caller.privileged },
    compute,
    { cacheable: page => page.failed.length === 0, waitMs: Math.floor(deps.settings.deadlineMs / 2), frame: PAGE_FRAME }
  )
  return { page: value, state }
}

/** The HTTP status an error is answered with. */
function statusOf (err: unknown): number {
  const status = (err as { statusCode?: unknown }).statusCode
  return typeof status === 'number' ? status : 500
}

type AuditOutcome = Pick<QueryAuditEntry, 'entesAnswered' | 'partial' | 'records' | 'status' | 'latencyMs'>

/** Records one query in the audit (when the gateway keeps one), with its outcome, off the request path. */
function auditOf (app: FastifyInstance, system: SystemProfile, kind: QueryAuditEntry['kind'], caller: Caller, request: object): (outcome: AuditOutcome) => void {
  const at = new Date()
  return outcome => app.queryAudit?.record({ at, clientId: caller.client ?? '', system: system.id, kind, privileged: caller.privileged, request, ...outcome })
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
    const caller = { client: request.accessToken?.client_id, privileged: isPrivileged(request, system) }
    const body = caller.privileged ? request.body : publicBody(request.body)
    const started = performance.now()
    const audit = auditOf(app, system, 'search', caller, normalizeSearch(system, body))
    try {
      if (!caller.privileged) refusePrivateFilters(system, body.query, body.sort)
      const { page, state } = await servedPage(federation, body, request.id, caller)
      reply.header(CACHE_HEADER, state)
      markIncomplete(reply, page.failed)
      if (page.privateRemoved.length > 0) reply.header(PRIVATE_REMOVED_HEADER, page.privateRemoved.join(','))
      audit({ entesAnswered: page.answered, partial: page.failed.length > 0, records: page.records, status: 200, latencyMs: performance.now() - started })
      // A string or Buffer with a JSON content type is sent as it is: the page is already JSON text.
      reply.header('content-type', 'application/json; charset=utf-8')
      return page.json
    } catch (err) {
      audit({ entesAnswered: [], partial: true, records: 0, status: statusOf(err), latencyMs: performance.now() - started })
      throw err
    }
  })

  const summaryBody = { type: 'object', additionalProperties: false, properties: { query: ref(PUBLIC_SCHEMA_ID, schemas.query) } }
  app.post<{ Body: SummaryBody }>(`${search}/summary`, {
    onRequest: requireScope,
    config,
    schema: { body: summaryBody, response: { 200: ref(PUBLIC_SCHEMA_ID, 'Summary'), ...errors } }
  }, async (request, reply) => {
    const caller = { client: request.accessToken?.client_id, privileged: isPrivileged(request, system) }
    const body = caller.privileged ? request.body : publicBody(request.body)
    const started = performance.now()
    const audit = auditOf(app, system, 'summary', caller, normalizeSearch(system, body).query)
    try {
      if (!caller.privileged) refusePrivateFilters(system, body.query)
      const summary = await summarize(federation, body, request.id)
      markIncomplete(reply, summary.failed)
      const answered = summary.body.entes.filter(row => row.status === 'ok').map(row => row.clave)
      audit({ entesAnswered: answered, partial: summary.failed.length > 0, records: 0, status: 200, latencyMs: performance.now() - started })
      return summary.body
    } catch (err) {
      audit({ entesAnswered: [], partial: true, records: 0, status: statusOf(err), latencyMs: performance.now() - started })
      throw err
    }
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
