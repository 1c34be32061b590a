import type { OpenApiDocument } from './document.js'
import { loadDocument } from './load.js'
import { provisionalStandards, withSchemasOf } from './standards.js'

export { canonicalJson, type OpenApiDocument } from './document.js'
export { composeDocuments, type DocumentPart } from './compose.js'
export { operationSchema, type OperationSchema } from './operation-schema.js'
export { OCDS_RELEASE_SCHEMA_ID, OCDS_VERSION, ocdsReleaseSchema, ocdsReleaseSchemaFile } from './ocds.js'
export { PROVISIONAL_STANDARD_FILES, provisionalStandards, type ProvisionalStandardFile } from './standards.js'

/** The public contract the PDN and developers see, served at the gateway's `/docs` (with the provisional standards' schemas). */
export const publicDocument = withSchemasOf(loadDocument('see.openapi.json'), Object.values(provisionalStandards))
/** The contract between the gateway and the per-system services. */
export const internalDocument = loadDocument('internal.openapi.json')
/** The Sistema Registral's API (entes, connections, onboarding), served at `/docs` with the public contract. */
export const registryDocument = loadDocument('registry.openapi.json')

/**
 * Wraps a document's component schemas as one JSON Schema with an `$id`, so that Fastify's Ajv
 * resolves `<id>#/components/schemas/<Name>` references straight out of the OpenAPI file:
 * the same schema validates requests, serializes responses and is served as documentation.
 */
export function schemaBundle (id: string, doc: OpenApiDocument): Record<string, unknown> {
  return { $id: id, components: { schemas: doc.components.schemas } }
}

export const PUBLIC_SCHEMA_ID = 'see'
export const INTERNAL_SCHEMA_ID = 'see-internal'
export const REGISTRY_SCHEMA_ID = 'see-registry'

/** A `$ref` to a component schema of a registered bundle. */
export function ref (bundleId: string, name: string): { $ref: string } {
  return { $ref: `${bundleId}#/components/schemas/${name}` }
}
