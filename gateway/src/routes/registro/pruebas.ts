import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { UpstreamUnavailableError } from '@see/kit'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { RegistryTestReport } from '@see/openapi/types'
import { getConnection, listTestReports, recordTestReport, RegistryError, servesSandbox, type Actor, type EnteDirectory, type RegistryEntry } from '@see/registry'
import { isSystemId } from '@see/systems'
import { sandboxPath } from '../../docs/system-paths.js'
import type { SystemFederation } from '../../federation/context.js'
import type { SearchBody } from '../../federation/normalize.js'
import { federateSearch } from '../../federation/search.js'
import { ServiceUnavailableError } from '../../upstream/service-client.js'
import { actorOf, registryRoute, type ConnectionParams, type EnteParams } from './operation.js'

/** Budget of a connection test: the runner's own 30 s and the way back. */
const TEST_TIMEOUT_MS = 35_000

function onlyEnte (entry: RegistryEntry): EnteDirectory {
  return { list: () => [entry], get: (_system, clave) => clave === entry.clave ? entry : undefined }
}

/**
 * The system's search over one ente's connection under test (`pruebas`, `mantenimiento`, or a
 * pending configuration), for its operators and the ente itself: the sandbox route and the ente pages.
 */
export async function sandboxSearch (app: FastifyInstance, federation: SystemFederation, actor: Actor, clave: string, body: SearchBody, requestId: string): Promise<unknown> {
  const { system } = federation
  const sandbox = app.registry.services.get(system.id)?.sandbox
  const connection = await getConnection(app.registry.ctx, actor, clave, system.id)
  const entry = app.registry.directories.sandbox.get(system.id, clave)
  if (entry === undefined || sandbox === undefined) {
    throw new RegistryError('REGISTRY_CONFLICT', `La ruta sandbox sirve conexiones en pruebas o mantenimiento, o una configuración pendiente; la conexión ${system.pdnId} de ${clave} está en ${connection.stage}.`)
  }
  const page = await federateSearch({
    ...federation,
    directory: onlyEnte(entry),
    service: sandbox,
    cache: app.registry.sandboxCache,
    prefixes: app.registry.sandboxPrefixes,
    settings: { ...federation.settings, pageCache: false }
  }, body, requestId)
  return page.body
}

/** `POST /entes/{clave}/sandbox<search path>`: the system's search over that ente's connection under test. */
function registerSandboxRoute (app: FastifyInstance, federation: SystemFederation): void {
  const { system } = federation
  const path = sandboxPath(system)
  const sandbox = app.registry.services.get(system.id)?.sandbox
  if (sandbox === undefined) return
  const error = ref(PUBLIC_SCHEMA_ID, 'Error')
  app.post<{ Params: EnteParams, Body: SearchBody }>(path.replace('{clave}', ':clave'), {
    schema: { body: ref(PUBLIC_SCHEMA_ID, system.schemas.request), response: { 200: ref(PUBLIC_SCHEMA_ID, system.schemas.response), 400: error, 401: error, 403: error, 404: error, 409: error, 422: error } }
  }, async request => await sandboxSearch(app, federation, actorOf(request), request.params.clave, request.body, request.id))
}

/**
 * Runs the connection test of one connection through its system's service and stores its report:
 * the API's `POST …/pruebas`, the operators' console and the ente pages.
 */
export async function runConnectionTest (app: FastifyInstance, actor: Actor, clave: string, sistema: string, requestId: string): Promise<RegistryTestReport> {
  const { ctx } = app.registry
  const connection = await getConnection(ctx, actor, clave, sistema)
  const service = isSystemId(connection.system) ? app.registry.services.get(connection.system) : undefined
  if (service === undefined) {
    const served = [...app.registry.services.keys()].join(', ')
    throw new RegistryError('REGISTRY_INVALID_INPUT', `Este SEE no federa todavía el sistema ${connection.system}: hay prueba de conexión para ${served}.`)
  }
  if (!servesSandbox(connection)) {
    throw new RegistryError('REGISTRY_CONFLICT', `La prueba de conexión se hace en la etapa pruebas (o mantenimiento), o sobre una configuración pendiente; la conexión está en ${connection.stage} y no tiene configuración pendiente.`)
  }
  let result
  try {
    result = await service.connectionTest(clave, { requestId, timeoutMs: TEST_TIMEOUT_MS })
  } catch (err) {
    if (err instanceof ServiceUnavailableError) throw new UpstreamUnavailableError(`El servicio ${connection.system} no pudo ejecutar la prueba de conexión; reintente.`)
    throw err
  }
  return await recordTestReport(ctx, actor, clave, connection.system, result)
}

const pruebas: FastifyPluginAsync = async (app) => {
  const { ctx } = app.registry

  registryRoute<{ Params: ConnectionParams, Querystring: { limite?: string } }>(app, 'GET', '/entes/{clave}/conexiones/{sistema}/pruebas', async (request) => {
    const actor = actorOf(request)
    const { clave, sistema } = request.params
    await getConnection(ctx, actor, clave, sistema)
    return await listTestReports(ctx, actor, clave, sistema, request.query.limite === undefined ? undefined : Number(request.query.limite))
  })

  registryRoute<{ Params: ConnectionParams }>(app, 'POST', '/entes/{clave}/conexiones/{sistema}/pruebas', async (request, reply) => {
    const report = await runConnectionTest(app, actorOf(request), request.params.clave, request.params.sistema, request.id)
    return await reply.code(201).send(report)
  })

  for (const federation of app.federations.values()) registerSandboxRoute(app, federation)
}

export default pruebas
