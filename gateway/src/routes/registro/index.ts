import type { FastifyPluginAsync } from 'fastify'
import conexiones from './conexiones.js'
import entes from './entes.js'
import operacion from './operacion.js'
import pruebas from './pruebas.js'

/**
 * The Sistema Registral's API (`openapi/registry.openapi.json`), present when the gateway runs
 * over the registry. Every route runs behind the registry guard (operator or ente client); what
 * each actor may see and do is decided by the registry's functions (@see/registry).
 */
const registro: FastifyPluginAsync = async (app) => {
  if (!app.hasDecorator('registry')) return
  app.addHook('onRequest', app.registry.guard)
  await app.register(entes)
  await app.register(conexiones)
  await app.register(pruebas)
  await app.register(operacion)
}

export default registro
