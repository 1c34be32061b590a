import type { FastifyInstance } from 'fastify'
import { INTERNAL_SCHEMA_ID, ref } from '@see/openapi'
import type { EnteStatus } from '../resilience/guard.js'
import type { RouteDependencies } from './batch.js'

/** Body of `GET /internal/v1/entes/status` (schema EntesStatusResponse). */
export interface EntesStatusResponse {
  system: 's2'
  entes: EnteStatus[]
}

/** `GET /internal/v1/entes/status`: each registered ente's circuit breaker and load, for operators and the gateway. */
export function registerEntesStatusRoute (app: FastifyInstance, deps: RouteDependencies): void {
  app.get('/internal/v1/entes/status', {
    schema: { response: { 200: ref(INTERNAL_SCHEMA_ID, 'EntesStatusResponse') } }
  }, async (): Promise<EntesStatusResponse> => ({ system: 's2', entes: deps.guards.states(deps.directory.list('s2')) }))
}
