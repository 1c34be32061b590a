import type { FastifyPluginAsync } from 'fastify'
import type { RegistryConnectionInput, RegistryConnectionPatch, RegistryPendingApproval, RegistryStage, RegistryStageChange, RegistrySystem } from '@see/openapi/types'
import {
  approvePendingConfig, changeStage, createConnection, discardPendingConfig, getConnection, getEnte, listConnections, stageHistory, updateConnection
} from '@see/registry'
import { actorOf, registryRoute, type ConnectionParams, type EnteParams } from './operation.js'

const conexiones: FastifyPluginAsync = async (app) => {
  const { ctx } = app.registry

  registryRoute<{ Querystring: { ente?: string, sistema?: RegistrySystem, etapa?: RegistryStage } }>(app, 'GET', '/conexiones', async (request) => {
    const { ente, sistema, etapa } = request.query
    return await listConnections(ctx, actorOf(request), { ...(ente && { ente }), ...(sistema && { system: sistema }), ...(etapa && { stage: etapa }) })
  })

  registryRoute<{ Params: EnteParams }>(app, 'GET', '/entes/{clave}/conexiones', async (request) => {
    const actor = actorOf(request)
    await getEnte(ctx, actor, request.params.clave) // 404 for an unknown ente, and for another ente's client
    return await listConnections(ctx, actor, { ente: request.params.clave })
  })

  registryRoute<{ Params: ConnectionParams }>(app, 'GET', '/entes/{clave}/conexiones/{sistema}', async request =>
    await getConnection(ctx, actorOf(request), request.params.clave, request.params.sistema))

  registryRoute<{ Params: ConnectionParams, Body: RegistryConnectionInput }>(app, 'POST', '/entes/{clave}/conexiones/{sistema}', async (request, reply) => {
    const { clave, sistema } = request.params
    const connection = await createConnection(ctx, actorOf(request), clave, sistema, request.body)
    await app.registry.changed({ ente: clave, system: connection.system, action: 'connection.create' })
    return await reply.code(201).send(connection)
  })

  // Once approved, a change of URL, protocol or credentials is only proposed: the PDN keeps the
  // approved configuration until an operator approves the new one after a passing test of it.
  registryRoute<{ Params: ConnectionParams, Body: RegistryConnectionPatch }>(app, 'PATCH', '/entes/{clave}/conexiones/{sistema}', async (request) => {
    const { clave, sistema } = request.params
    const connection = await updateConnection(ctx, actorOf(request), clave, sistema, request.body)
    await app.registry.changed({ ente: clave, system: connection.system, action: 'connection.update' })
    return connection
  })

  registryRoute<{ Params: ConnectionParams, Body: RegistryPendingApproval }>(app, 'POST', '/entes/{clave}/conexiones/{sistema}/configuracion-pendiente/aprobacion', async (request) => {
    const { clave, sistema } = request.params
    const connection = await approvePendingConfig(ctx, actorOf(request), clave, sistema, request.body)
    await app.registry.changed({ ente: clave, system: connection.system, action: 'connection.config-approve' })
    return connection
  })

  registryRoute<{ Params: ConnectionParams }>(app, 'DELETE', '/entes/{clave}/conexiones/{sistema}/configuracion-pendiente', async (request) => {
    const { clave, sistema } = request.params
    const connection = await discardPendingConfig(ctx, actorOf(request), clave, sistema)
    await app.registry.changed({ ente: clave, system: connection.system, action: 'connection.config-discard' })
    return connection
  })

  registryRoute<{ Params: ConnectionParams, Body: RegistryStageChange }>(app, 'POST', '/entes/{clave}/conexiones/{sistema}/etapa', async (request) => {
    const { clave, sistema } = request.params
    const connection = await changeStage(ctx, actorOf(request), clave, sistema, request.body)
    await app.registry.changed({ ente: clave, system: connection.system, action: 'connection.stage' })
    return connection
  })

  registryRoute<{ Params: ConnectionParams }>(app, 'GET', '/entes/{clave}/conexiones/{sistema}/historial', async (request) => {
    const actor = actorOf(request)
    const { clave, sistema } = request.params
    await getConnection(ctx, actor, clave, sistema)
    return await stageHistory(ctx, actor, clave, sistema)
  })
}

export default conexiones
