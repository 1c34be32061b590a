import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { REGISTRY_ADMIN_SCOPE } from '@see/auth'
import { ConfigError, pageSecurityHeaders } from '@see/kit'
import { composeDocuments, PUBLIC_SCHEMA_ID, publicDocument, REGISTRY_SCHEMA_ID, registryDocument, schemaBundle, type OpenApiDocument } from '@see/openapi'
import type { SystemProfile } from '@see/systems'
import { withCommonAnswers } from '../docs/common-answers.js'
import { publicPart } from '../docs/public-part.js'
import { withSandboxPaths, withSystemPaths } from '../docs/system-paths.js'

/** Everything the gateway serves: the public contract with the paths of the federated systems, the administration and the Sistema Registral's API. */
export function servedDocument (systems: readonly SystemProfile[]): OpenApiDocument {
  return withCommonAnswers(composeDocuments([
    { document: withSystemPaths(publicDocument, systems), namespace: 'Publico' },
    { document: withSandboxPaths(registryDocument, systems), namespace: 'Registro' }
  ]))
}

/** What anyone may read at /docs: the operations open to the PDN and its clients, and the schemas they use. */
export function publicServedDocument (systems: readonly SystemProfile[]): OpenApiDocument {
  return publicPart(servedDocument(systems))
}

/** Where operators read `servedDocument` with a `registry:admin` token. */
export const OPERATOR_DOCS_PATH = '/docs/operador/json'

/**
 * `DOCS_OPERATOR`: `token` (default) serves the operators' API only at OPERATOR_DOCS_PATH to a
 * `registry:admin` token; `public` serves it at /docs too, for deployments whose /docs only
 * operators reach (the demo, an internal network).
 */
export type OperatorDocs = 'token' | 'public'

export interface OpenApiPluginOptions {
  /** The systems this gateway federates: their paths are documented from their profiles. */
  systems: readonly SystemProfile[]
  /** `DOCS_OPERATOR`; `token` when absent. */
  operatorDocs?: OperatorDocs
}

export function operatorDocsOf (env: NodeJS.ProcessEnv = process.env): OperatorDocs {
  const value = env.DOCS_OPERATOR ?? 'token'
  if (value !== 'token' && value !== 'public') throw new ConfigError(`DOCS_OPERATOR debe ser token o public; se recibió "${value}"`)
  return value
}

/**
 * The OpenAPI documents are the single source of the gateway's shapes: registered whole so routes
 * validate and serialize with their component schemas. /docs (the Swagger UI and /docs/json)
 * publishes the public contract; the administration and registry APIs are published to operators
 * (see OperatorDocs). The docs pages get the page CSP (their own scripts and styles), still never framed.
 */
export default fp<OpenApiPluginOptions>(async function openapi (app, options) {
  const served = servedDocument(options.systems)
  app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
  app.addSchema(schemaBundle(REGISTRY_SCHEMA_ID, registryDocument))
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) route.config = { ...route.config, ...pageSecurityHeaders() }
  })
  const published = (options.operatorDocs ?? 'token') === 'public' ? served : publicPart(served)
  await app.register(swagger, { mode: 'static', specification: { document: published as never } })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } })
  app.get(OPERATOR_DOCS_PATH, {
    schema: { hide: true },
    // The auth plugin registers after this one; its guard is looked up when a request comes.
    onRequest: async (request, reply) => await app.oauth.requireScope(REGISTRY_ADMIN_SCOPE)(request, reply)
  }, async (_request, reply) => await reply.header('cache-control', 'no-store').send(served))
}, { name: 'see-openapi' })
