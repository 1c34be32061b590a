import { readFileSync } from 'node:fs'

/** An OpenAPI 3.0 document, as far as this project reads it. */
export interface OpenApiDocument {
  openapi: string
  info: Record<string, unknown>
  paths: Record<string, unknown>
  components: { schemas: Record<string, Record<string, unknown>>, [key: string]: unknown }
  [key: string]: unknown
}

function load (file: string): OpenApiDocument {
  return JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as OpenApiDocument
}

/** The public contract the PDN and developers see, served at the gateway's `/docs`. */
export const publicDocument = load('see.openapi.json')
/** The contract between the gateway and the per-system services. */
export const internalDocument = load('internal.openapi.json')

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

/** A `$ref` to a component schema of a registered bundle. */
export function ref (bundleId: string, name: string): { $ref: string } {
  return { $ref: `${bundleId}#/components/schemas/${name}` }
}
