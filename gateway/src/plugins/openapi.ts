import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { composeDocuments, PUBLIC_SCHEMA_ID, publicDocument, REGISTRY_SCHEMA_ID, registryDocument, schemaBundle, type OpenApiDocument } from '@see/openapi'
import type { SystemProfile } from '@see/systems'
import { withSandboxPaths, withSystemPaths } from '../docs/system-paths.js'

/** What /docs serves: the public contract with the paths of the federated systems, and the Sistema Registral's API. */
export function servedDocument (systems: readonly SystemProfile[]): OpenApiDocument {
  return composeDocuments([
    { document: withSystemPaths(publicDocument, systems), namespace: 'Publico' },
    { document: withSandboxPaths(registryDocument, systems), namespace: 'Registro' }
  ])
}

export interface OpenApiPluginOptions {
  /** The systems this gateway federates: their paths are documented from their profiles. */
  systems: readonly SystemProfile[]
}

/**
 * The OpenAPI documents are the single source of the gateway's shapes: registered whole so routes
 * validate and serialize with their component schemas, and served (composed) at /docs.
 */
export default fp<OpenApiPluginOptions>(async function openapi (app, options) {
  app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
  app.addSchema(schemaBundle(REGISTRY_SCHEMA_ID, registryDocument))
  await app.register(swagger, { mode: 'static', specification: { document: servedDocument(options.systems) as never } })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } })
}, { name: 'see-openapi' })
