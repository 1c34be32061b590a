import type { FastifyPluginAsync } from 'fastify'
import { UpstreamUnavailableError } from '@see/kit'
import type { SpicRequest } from '@see/openapi/types'
import { getConnection, listTestReports, recordTestReport, RegistryError, servesSandbox, type EnteDirectory, type RegistryEntry } from '@see/registry'
import { federateSpic } from '../../federation/spic.js'
import { ServiceUnavailableError } from '../../upstream/s2-client.js'
import { actorOf, registryRoute, type ConnectionParams, type EnteParams } from './operation.js'

/** Budget of a connection test: the runner's own 30 s and the way back. */
const TEST_TIMEOUT_MS = 35_000

function onlyEnte (entry: RegistryEntry): EnteDirectory {
  return { list: () => [entry], get: (_system, clave) => clave === entry.clave ? entry : undefined }
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
    const actor = actorOf(request)
    const { clave, sistema } = request.params
    const connection = await getConnection(ctx, actor, clave, sistema)
    if (connection.system !== 's2') throw new RegistryError('REGISTRY_INVALID_INPUT', `Por ahora solo hay prueba de conexión para s2; la conexión es de ${connection.system}.`)
    if (connection.protocol !== 'sesna-v1') throw new RegistryError('REGISTRY_INVALID_INPUT', `La prueba de conexión habla sesna-v1; la conexión usa ${connection.protocol}.`)
    if (!servesSandbox(connection)) {
      throw new RegistryError('REGISTRY_CONFLICT',
        `La prueba de conexión se hace en la etapa pruebas (o mantenimiento), o sobre una configuración pendiente; la conexión está en ${connection.stage} y no tiene configuración pendiente.`)
    }
    let result
    try {
      result = await app.registry.s2.connectionTest(clave, { requestId: request.id, timeoutMs: TEST_TIMEOUT_MS })
    } catch (err) {
      if (err instanceof ServiceUnavailableError) throw new UpstreamUnavailableError('El servicio S2 no pudo ejecutar la prueba de conexión; reintente.')
      throw err
    }
    const report = await recordTestReport(ctx, actor, clave, connection.system, result)
    return await reply.code(201).send(report)
  })

  registryRoute<{ Params: EnteParams, Body: SpicRequest }>(app, 'POST', '/entes/{clave}/sandbox/v1/spic', async (request) => {
    const { clave } = request.params
    const connection = await getConnection(ctx, actorOf(request), clave, 's2')
    const entry = app.registry.directories.sandbox.get('s2', clave)
    if (entry === undefined) {
      throw new RegistryError('REGISTRY_CONFLICT', `La ruta sandbox sirve conexiones en pruebas o mantenimiento, o una configuración pendiente; la conexión S2 de ${clave} está en ${connection.stage}.`)
    }
    const deps = app.spicFederation
    const page = await federateSpic({
      directory: onlyEnte(entry),
      s2: app.registry.s2.sandbox,
      cache: app.registry.sandboxCache,
      prefixes: app.registry.sandboxPrefixes,
      settings: { ...deps.settings, pageCache: false }
    }, request.body, request.id)
    return page.body
  })
}

export default pruebas
