import type { FastifyPluginAsync } from 'fastify'
import { REGISTRY_ADMIN_SCOPE } from '@see/auth'
import clientes from './clientes.js'
import usuarios from './usuarios.js'

/**
 * The administration API (`/admin/v1`): OAuth2 clients and users, for operators holding
 * `registry:admin`. Every action goes to the auth audit; answers may carry a secret shown once,
 * so none is ever cached.
 */
const admin: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', app.oauth.requireScope(REGISTRY_ADMIN_SCOPE))
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
  })
  await app.register(clientes, { prefix: '/clientes' })
  await app.register(usuarios, { prefix: '/usuarios' })
}

export default admin
