import { walkObjects, type OpenApiDocument } from './document.js'

/** A Fastify route schema. */
export interface OperationSchema {
  params?: Record<string, unknown>
  querystring?: Record<string, unknown>
  body?: Record<string, unknown>
  response: Record<string, unknown>
}

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema: Record<string, unknown>
}

/** Points the document's local schema references at its bundle registered with `app.addSchema`. */
function bundled<T> (value: T, bundleId: string): T {
  const copy = structuredClone(value)
  walkObjects(copy, (object) => {
    if (typeof object.$ref === 'string' && object.$ref.startsWith('#/components/schemas/')) object.$ref = `${bundleId}${object.$ref}`
  })
  return copy
}

function resolveParameter (document: OpenApiDocument, parameter: Parameter | { $ref: string }): Parameter {
  if (!('$ref' in parameter)) return parameter
  const name = parameter.$ref.replace('#/components/parameters/', '')
  const found = (document.components.parameters as Record<string, Parameter> | undefined)?.[name]
  if (found === undefined) throw new Error(`operationSchema: el parámetro ${parameter.$ref} no existe`)
  return found
}

function objectOf (parameters: Parameter[], bundleId: string): Record<string, unknown> | undefined {
  if (parameters.length === 0) return undefined
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(parameters.map(p => [p.name, bundled(p.schema, bundleId)])),
    required: parameters.filter(p => p.required === true).map(p => p.name)
  }
}

/**
 * The route schema of one operation of a document (`operationSchema(REGISTRY_SCHEMA_ID,
 * registryDocument, '/registro/v1/entes/{clave}', 'get')`): path and query parameters, JSON body
 * and JSON responses, each referring to the document's bundle. Routes and documentation cannot
 * drift apart: both are the document.
 */
export function operationSchema (bundleId: string, document: OpenApiDocument, path: string, method: string): OperationSchema {
  const operation = (document.paths[path] as Record<string, Record<string, unknown>> | undefined)?.[method]
  if (operation === undefined) throw new Error(`operationSchema: ${method.toUpperCase()} ${path} no está en el documento`)
  const parameters = ((operation.parameters ?? []) as Array<Parameter | { $ref: string }>).map(p => resolveParameter(document, p))
  const schema: OperationSchema = { response: {} }
  const params = objectOf(parameters.filter(p => p.in === 'path'), bundleId)
  if (params !== undefined) schema.params = params
  const querystring = objectOf(parameters.filter(p => p.in === 'query'), bundleId)
  if (querystring !== undefined) schema.querystring = querystring
  const body = (operation.requestBody as { content?: Record<string, { schema?: Record<string, unknown> }> } | undefined)?.content?.['application/json']?.schema
  if (body !== undefined) schema.body = bundled(body, bundleId)
  for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>)) {
    const json = response.content?.['application/json']?.schema
    if (json !== undefined) schema.response[status] = bundled(json, bundleId)
  }
  return schema
}
