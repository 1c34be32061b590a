import type { FastifyPluginAsync } from 'fastify'
import ocdsRoutes from '../ocds/routes.js'
import { DEFAULT_PUBLICATION, type OcdsPublication } from '../ocds/publication.js'
import registro from './registro/index.js'
import systemRoutes from './systems/search.js'
import admin from './admin/index.js'

/** OCDS publishing: who publishes (OCDS_* variables) and the gateway's public URL the packages' URIs are under. */
export interface OcdsRoutesOptions {
  publication?: OcdsPublication
  publicUrl?: string
}

// Routes are registered here rather than autoloaded: the services run TypeScript directly (tsx,
// vitest), and @fastify/autoload's dynamic imports bypass vitest's transformer. One line a route
// file keeps the URL map readable in one place; each configured system gets the same routes, and
// those whose records are OCDS releases (S6) the OCDS publishing routes too.
const routes: FastifyPluginAsync<OcdsRoutesOptions> = async (app, options) => {
  for (const federation of app.federations.values()) {
    await app.register(systemRoutes, { federation })
    if (federation.system.standard === 'ocds-1.1.5-release') {
      await app.register(ocdsRoutes, { federation, publication: options.publication ?? DEFAULT_PUBLICATION, publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000' })
    }
  }
  await app.register(registro, { prefix: '/registro/v1' })
  await app.register(admin, { prefix: '/admin/v1' })
}

export default routes
