import type { FastifyPluginAsync } from 'fastify'
import registro from './registro/index.js'
import systemRoutes from './systems/search.js'
import admin from './admin/index.js'

// Routes are registered here rather than autoloaded: the services run TypeScript directly (tsx,
// vitest), and @fastify/autoload's dynamic imports bypass vitest's transformer. One line a route
// file keeps the URL map readable in one place; each configured system gets the same routes.
const routes: FastifyPluginAsync = async (app) => {
  for (const federation of app.federations.values()) await app.register(systemRoutes, { federation })
  await app.register(registro, { prefix: '/registro/v1' })
  await app.register(admin, { prefix: '/admin/v1' })
}

export default routes
