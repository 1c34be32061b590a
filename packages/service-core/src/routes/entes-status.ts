import type { FastifyInstance } from 'fastify'
import { INTERNAL_SCHEMA_ID, ref } from '@see/openapi'
import type { EntesStatusResponse } from '@see/openapi/types'
import { internalPath, type RouteDependencies } from './batch.js'

/** `GET /internal/v1/<system>/entes/status`: each registered ente's circuit breaker and load, for operators and the gateway. */
export function registerEntesStatusRoute (app: FastifyInstance, deps: RouteDependencies): void {
  app.get(internalPath(deps.system, 'entes/status'), {
    schema: { response: { 200: ref(INTERNAL_SCHEMA_ID, 'EntesStatusResponse') } }
  }, async (): Promise<EntesStatusResponse> => ({ system: deps.system.id, entes: deps.guards.states(deps.directory.list(deps.system.id)) }))
}
