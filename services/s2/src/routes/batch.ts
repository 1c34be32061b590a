import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { INTERNAL_SCHEMA_ID, ref } from '@see/openapi'
import type { SpicBatchRequest, SpicBatchResponse, SpicOutcome } from '@see/openapi/types'
import type { EnteDirectory } from '@see/registry'
import type { CallContext, EnteClient } from '../ente-client/client.js'
import { withBatchContext } from '../ente-client/deadline.js'
import { searchSpic } from '../ente-client/spic.js'
import { attempt, unknownEnte } from '../outcomes.js'
import type { EnteGuards } from '../resilience/guards.js'

export interface RouteDependencies {
  directory: EnteDirectory
  client: EnteClient
  /** Retry, circuit breaker and bulkhead per ente. */
  guards: EnteGuards
}

type BatchItem = SpicBatchRequest['requests'][number]

async function spicOutcome (deps: RouteDependencies, item: BatchItem, context: CallContext, log: FastifyBaseLogger): Promise<SpicOutcome> {
  const { ente, request } = item
  const entry = deps.directory.get('s2', ente)
  if (entry === undefined) return { ente, ...unknownEnte(ente, log) }
  const result = await attempt(ente, log, context.signal, async () =>
    await deps.guards.run(entry, context, log, async () => await searchSpic(deps.client, entry, request, context, { countOnly: item.countOnly === true })))
  if (!result.ok) return { ente, ...result }
  const page = result.value
  if (page.dropped > 0) log.warn({ ente, dropped: page.dropped, firstProblem: page.firstProblem }, 'ente records dropped: they do not meet the standard')
  return { ente, ok: true, latencyMs: result.latencyMs, totalRows: page.totalRows, hasNextPage: page.hasNextPage, results: page.results, dropped: page.dropped }
}

/**
 * `POST /internal/v1/spic/batch`: every ente in parallel, one outcome per request in the same order.
 * Registered a second time at `/internal/v1/spic/sandbox/batch` over the sandbox directory.
 */
export function registerBatchRoute (app: FastifyInstance, deps: RouteDependencies, path = '/internal/v1/spic/batch'): void {
  app.post(path, {
    schema: {
      body: ref(INTERNAL_SCHEMA_ID, 'SpicBatchRequest'),
      response: { 200: ref(INTERNAL_SCHEMA_ID, 'SpicBatchResponse') }
    },
    // The schema still documents the answer, but the records were already validated against the
    // standard and the gateway serializes the public answer by its own schema: native
    // JSON.stringify writes these deep records several times faster than a schema serializer.
    serializerCompiler: () => JSON.stringify
  }, async (request): Promise<SpicBatchResponse> => {
    const batch = request.body as SpicBatchRequest
    const outcomes = await withBatchContext(request.id, batch.timeoutMs, async context =>
      await Promise.all(batch.requests.map(async item => await spicOutcome(deps, item, context, request.log))))
    return { outcomes }
  })
}
