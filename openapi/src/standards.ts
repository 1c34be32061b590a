import { canonicalJson, type OpenApiDocument } from './document.js'
import { loadDocument } from './load.js'

// The state's provisional standards (S4, S5): systems SESNA has not standardised yet. Each is an
// OpenAPI document of its own (what an ente implements as a provider, versioned apart from the
// platform); their schemas join the public contract so the gateway, the services and the simulator
// validate with them exactly as with the SESNA standards' schemas.

/** The documents of the provisional standards, in this folder. */
export const PROVISIONAL_STANDARD_FILES = ['s4-fiscalizacion.openapi.json', 's5-denuncias.openapi.json'] as const

export type ProvisionalStandardFile = typeof PROVISIONAL_STANDARD_FILES[number]

/** Each provisional standard's document, self-contained (the shared shapes copied in from the public contract). */
export const provisionalStandards: Readonly<Record<ProvisionalStandardFile, OpenApiDocument>> = Object.fromEntries(
  PROVISIONAL_STANDARD_FILES.map(file => [file, loadDocument(file)])
) as Record<ProvisionalStandardFile, OpenApiDocument>

/** `document` with the component schemas of `others` added; a name defined differently in two of them is an error. */
export function withSchemasOf (document: OpenApiDocument, others: readonly OpenApiDocument[]): OpenApiDocument {
  const schemas = { ...document.components.schemas }
  for (const other of others) {
    for (const [name, schema] of Object.entries(other.components.schemas)) {
      const taken = schemas[name]
      if (taken !== undefined && canonicalJson(taken) !== canonicalJson(schema)) throw new Error(`el schema ${name} de un estándar provisional choca con otro del mismo nombre`)
      schemas[name] = schema
    }
  }
  return { ...document, components: { ...document.components, schemas } }
}
