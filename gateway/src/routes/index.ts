import type { FastifyPluginAsync } from 'fastify'
import registro from './registro/index.js'
import spic from './v1/spic/index.js'
import admin from './admin/index.js'

// Routes are registered here rather than autoloaded: the services run TypeScript directly (tsx,
// vitest), and @fastify/autoload's dynamic imports bypass vitest's transformer. One line a route
// file keeps the URL map readable in one place.
const routes: FastifyPluginAsync = async (app) => {
  await app.register(spic, { prefix: '/v1/spic' })
  await app.register(registro, { prefix: '/registro/v1' })
  await app.register(admin, { prefix: '/admin/v1' })
}

export default routes
