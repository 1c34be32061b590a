import type { FastifyPluginAsync } from 'fastify'
import type { RegistryEnteInput, RegistryEntePatch } from '@see/openapi/types'
import { createEnte, getEnte, listEntes, updateEnte } from '@see/registry'
import { actorOf, registryRoute, type EnteParams } from './operation.js'

const entes: FastifyPluginAsync = async (app) => {
  const { ctx } = app.registry

  registryRoute(app, 'GET', '/entes', async request => await listEntes(ctx, actorOf(request)))

  registryRoute<{ Body: RegistryEnteInput }>(app, 'POST', '/entes', async (request, reply) => {
    const ente = await createEnte(ctx, actorOf(request), request.body)
    await app.registry.changed({ ente: ente.clave, action: 'ente.create' })
    return await reply.code(201).send(ente)
  })

  registryRoute<{ Params: EnteParams }>(app, 'GET', '/entes/{clave}', async request => await getEnte(ctx, actorOf(request), request.params.clave))

  registryRoute<{ Params: EnteParams, Body: RegistryEntePatch }>(app, 'PATCH', '/entes/{clave}', async (request) => {
    const ente = await updateEnte(ctx, actorOf(request), request.params.clave, request.body)
    await app.registry.changed({ ente: ente.clave, action: 'ente.update' })
    return ente
  })
}

export default entes
