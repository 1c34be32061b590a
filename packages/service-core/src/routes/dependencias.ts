import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { INTERNAL_SCHEMA_ID, ref } from '@see/openapi'
import type { DependenciasBatchRequest, DependenciasBatchResponse, DependenciasOutcome } from '@see/openapi/types'
import type { CallContext } from '../ente-client/client.js'
import { withBatchContext } from '../ente-client/deadline.js'
import { attempt, unknownEnte } from '../outcomes.js'
import { protocolOf } from '../protocols/index.js'
import { internalPath, type RouteDependencies } from './batch.js'

async function dependenciasOutcome (deps: RouteDependencies, ente: string, context: CallContext, log: FastifyBaseLogger): Promise<DependenciasOutcome> {
  const entry = deps.directory.get(deps.system.id, ente)
  if (entry === undefined) return { ente, ...unknownEnte(ente, log) }
  const call = { system: deps.system, client: deps.client, entry, context }
  const result = await attempt(ente, log, context.signal, async () =>
    await deps.guards.run(entry, context, log, async bounded => await protocolOf(call).dependencias({ ...call, context: bounded })))
  if (!result.ok) return { ente, ...result }
  const { dependencias, dropped, firstProblem } = result.value
  if (dropped > 0) log.warn({ ente, dropped, firstProblem }, 'ente dependencias dropped: they do not meet the standard')
  return { ente, ok: true, latencyMs: result.latencyMs, dependencias }
}

/** `POST /internal/v1/<system>/dependencias`: the catalogue of several entes, one outcome per ente in order. */
export function registerDependenciasRoute (app: FastifyInstance, deps: RouteDependencies): void {
  app.post(internalPath(deps.system, 'dependencias'), {
    schema: {
      body: ref(INTERNAL_SCHEMA_ID, 'DependenciasBatchRequest'),
      response: { 200: ref(INTERNAL_SCHEMA_ID, 'DependenciasBatchResponse') }
    }
  }, async (request): Promise<DependenciasBatchResponse> => {
    const batch = request.body as DependenciasBatchRequest
    const outcomes = await withBatchContext(request.id, batch.timeoutMs, async context =>
      await Promise.all(batch.entes.map(async ente => await dependenciasOutcome(deps, ente, context, request.log))))
    return { outcomes }
  })
}
