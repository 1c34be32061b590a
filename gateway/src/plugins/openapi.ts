import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { PUBLIC_SCHEMA_ID, publicDocument, schemaBundle } from '@see/openapi'

/**
 * The public OpenAPI document is the single source of the gateway's shapes: registered whole so
 * routes validate and serialize with its component schemas, and served unchanged at /docs.
 */
export default fp(async function openapi (app) {
  app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
  await app.register(swagger, { mode: 'static', specification: { document: publicDocument as never } })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } })
}, { name: 'see-openapi' })
