import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { INTERNAL_SCHEMA_ID, ref } from '@see/openapi'
import type { SearchBatchRequest, SearchBatchResponse, SearchOutcome } from '@see/openapi/types'
import type { EnteDirectory } from '@see/registry'
import { publicVersion, type SystemProfile } from '@see/systems'
import type { CallContext, EnteClient } from '../ente-client/client.js'
import { withBatchContext } from '../ente-client/deadline.js'
import { attempt, unknownEnte } from '../outcomes.js'
import { protocolOf } from '../protocols/index.js'
import type { EnteGuards } from '../resilience/guards.js'
import type { ServiceMetrics } from '../metrics.js'
import { batchLines, LINES_CONTENT_TYPE } from './batch-lines.js'

export interface RouteDependencies {
  system: SystemProfile
  directory: EnteDirectory
  client: EnteClient
  /** Retry, circuit breaker and bulkhead per ente. */
  guards: EnteGuards
  /** Each ente call's latency and outcome, for Prometheus (absent: not counted). */
  metrics?: ServiceMetrics
}

/** `/internal/v1/<system>/<rest>`: every internal route names the system its service answers for. */
export function internalPath (system: SystemProfile, rest: string): string {
  return `/internal/v1/${system.id}/${rest}`
}

type BatchItem = SearchBatchRequest['requests'][number]

async function searchOutcome (deps: RouteDependencies, item: BatchItem, context: CallContext, log: FastifyBaseLogger): Promise<SearchOutcome> {
  const outcome = await callEnte(deps, item, context, log)
  deps.metrics?.call(outcome.ente, outcome.ok ? 'ok' : outcome.error?.code ?? 'ENTE_INTERNAL', outcome.latencyMs, outcome.dropped ?? 0)
  return outcome
}

async function callEnte (deps: RouteDependencies, item: BatchItem, context: CallContext, log: FastifyBaseLogger): Promise<SearchOutcome> {
  const { ente, request } = item
  const entry = deps.directory.get(deps.system.id, ente)
  if (entry === undefined) return { ente, ...unknownEnte(ente, log) }
  const call = { system: deps.system, client: deps.client, entry, context }
  const result = await attempt(ente, log, context.signal, async () =>
    await deps.guards.run(entry, context, log, async bounded => await protocolOf(call).search({ ...call, context: bounded }, request, { countOnly: item.countOnly === true })))
  if (!result.ok) return { ente, ...result }
  const page = result.value
  if (page.dropped > 0) log.warn({ ente, dropped: page.dropped, firstProblem: page.firstProblem }, 'ente records dropped: they do not meet the standard')
  return { ente, ok: true, latencyMs: result.latencyMs, totalRows: page.totalRows, hasNextPage: page.hasNextPage, results: page.results, dropped: page.dropped }
}

/** The outcome with its records' private fields (as the gateway named them) removed. */
function publicOutcome (outcome: SearchOutcome, privateFields: readonly string[]): SearchOutcome {
  if (outcome.results === undefined) return outcome
  return { ...outcome, results: outcome.results.map(record => publicVersion(record, privateFields).record) }
}

/**
 * `POST /internal/v1/<system>/batch`: every ente in parallel, one outcome per request in the same
 * order. Registered a second time at `…/sandbox/batch` over the sandbox directory.
 */
export function registerBatchRoute (app: FastifyInstance, deps: RouteDependencies, rest = 'batch'): void {
  app.post(internalPath(deps.system, rest), {
    schema: {
      body: ref(INTERNAL_SCHEMA_ID, 'SearchBatchRequest'),
      response: { 200: ref(INTERNAL_SCHEMA_ID, 'SearchBatchResponse') }
    },
    // The schema still documents the answer, but the records were already validated against the
    // standard and the gateway serializes the public answer by its own schema: native
    // JSON.stringify writes these deep records several times faster than a schema serializer.
    serializerCompiler: () => JSON.stringify
  }, async (request, reply): Promise<SearchBatchResponse | string> => {
    const batch = request.body as SearchBatchRequest
    // The gateway hung up (it gave up on this round): its ente calls are ended rather than left to keep the entes busy.
    const hangUp = new AbortController()
    const onClose = (): void => { if (!reply.raw.writableFinished) hangUp.abort() }
    reply.raw.once('close', onClose)
    try {
      const outcomes = await withBatchContext(request.id, batch.timeoutMs, async context =>
        await Promise.all(batch.requests.map(async item => await searchOutcome(deps, item, context, request.log))), hangUp.signal)
      if (batch.recordsAs !== 'lines') return { outcomes: batch.privateFields === undefined ? outcomes : outcomes.map(outcome => publicOutcome(outcome, batch.privateFields!)) }
      reply.type(LINES_CONTENT_TYPE)
      return batchLines(deps.system, batch, outcomes)
    } finally {
      reply.raw.off('close', onClose)
    }
  })
}
