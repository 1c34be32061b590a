import type { FastifyInstance } from 'fastify'
import { INTERNAL_SCHEMA_ID, ref } from '@see/openapi'
import type { ConnectionTestRequest, ConnectionTestResult } from '@see/openapi/types'
import { RegistryError, type DatabaseDirectory, type UrlPolicy } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import { runConnectionTest } from '../connection-test/index.js'
import { internalPath } from './batch.js'

export interface ConnectionTestDependencies {
  system: SystemProfile
  /** Connections in `pruebas` or `mantenimiento`, from the registry. */
  sandbox: DatabaseDirectory
  urlPolicy?: UrlPolicy
  maxResponseBytes?: number
  maxLatencyMs?: number
}

/**
 * `POST /internal/v1/<system>/connection-tests`: runs the connection test of one ente. The protocol
 * knowledge lives here, in the system's service, next to the client the federation uses; the
 * gateway checks who may ask and stores the report. The sandbox directory is reloaded first, so
 * the configuration tested is the one in force, and the report names its version.
 */
export function registerConnectionTestRoute (app: FastifyInstance, deps: ConnectionTestDependencies): void {
  app.post(internalPath(deps.system, 'connection-tests'), {
    schema: {
      body: ref(INTERNAL_SCHEMA_ID, 'ConnectionTestRequest'),
      response: { 200: ref(INTERNAL_SCHEMA_ID, 'ConnectionTestResult') }
    }
  }, async (request): Promise<ConnectionTestResult> => {
    const { ente } = request.body as ConnectionTestRequest
    await deps.sandbox.refresh()
    const entry = deps.sandbox.get(deps.system.id, ente)
    if (entry === undefined) throw new RegistryError('REGISTRY_NOT_FOUND', `El ente ${ente} no tiene conexión ${deps.system.pdnId} en pruebas o mantenimiento.`)
    const result = await runConnectionTest(deps.system, entry, {
      requestId: request.id,
      ...(deps.urlPolicy && { urlPolicy: deps.urlPolicy }),
      ...(deps.maxResponseBytes !== undefined && { maxResponseBytes: deps.maxResponseBytes }),
      ...(deps.maxLatencyMs !== undefined && { maxLatencyMs: deps.maxLatencyMs })
    })
    request.log.info({ ente, passed: result.passed, failed: result.checks.filter(c => !c.passed).map(c => c.name) }, 'connection test')
    return result
  })
}
