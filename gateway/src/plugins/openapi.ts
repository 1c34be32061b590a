import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { composeDocuments, PUBLIC_SCHEMA_ID, publicDocument, REGISTRY_SCHEMA_ID, registryDocument, schemaBundle } from '@see/openapi'

/** What /docs serves: the public contract and the Sistema Registral's API, as one document. */
export const servedDocument = composeDocuments([
  { document: publicDocument, namespace: 'Publico' },
  { document: registryDocument, namespace: 'Registro' }
])

/**
 * The OpenAPI documents are the single source of the gateway's shapes: registered whole so routes
 * validate and serialize with their component schemas, and served (composed) at /docs.
 */
export default fp(async function openapi (app) {
  app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
  app.addSchema(schemaBundle(REGISTRY_SCHEMA_ID, registryDocument))
  await app.register(swagger, { mode: 'static', specification: { document: servedDocument as never } })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } })
}, { name: 'see-openapi' })
