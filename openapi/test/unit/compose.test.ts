import { describe, expect, it } from 'vitest'
import { composeDocuments, internalDocument, operationSchema, publicDocument, REGISTRY_SCHEMA_ID, registryDocument, type OpenApiDocument } from '../../src/index.js'

function refsOf (node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach(item => refsOf(item, found))
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value)
      else refsOf(value, found)
    }
  }
  return found
}

function doc (schemas: Record<string, Record<string, unknown>>, paths: Record<string, unknown>, extra: Partial<OpenApiDocument> = {}): OpenApiDocument {
  return { openapi: '3.0.3', info: { title: 't', version: '1' }, paths, components: { schemas }, ...extra }
}

describe('loadDocument', () => {
  it('makes each document self-contained: schemas referenced in another file are copied in, not restated', () => {
    for (const document of [publicDocument, internalDocument, registryDocument]) {
      const refs = refsOf(document)
      expect(refs.filter(ref => !ref.startsWith('#/'))).toEqual([])
      for (const ref of refs.filter(r => r.startsWith('#/components/schemas/'))) {
        expect(document.components.schemas[ref.split('/').pop() ?? '']).toBeDefined()
      }
    }
    expect(registryDocument.components.schemas.EnteAuth).toEqual(internalDocument.components.schemas.EnteAuth)
    expect(registryDocument.components.schemas.Error).toEqual(publicDocument.components.schemas.Error)
    expect(internalDocument.components.schemas.RegistryTestReportInput).toEqual(registryDocument.components.schemas.RegistryTestReportInput)
  })
})

describe('composeDocuments', () => {
  it('serves the public contract and the registry as one document, sharing identical schemas', () => {
    const composed = composeDocuments([{ document: publicDocument, namespace: 'Publico' }, { document: registryDocument, namespace: 'Registro' }])
    expect(Object.keys(composed.paths)).toEqual(expect.arrayContaining(['/oauth/token', '/registro/v1/entes']))
    const publicTags = (publicDocument.tags as Array<{ name: string }>).map(t => t.name)
    expect((composed.tags as Array<{ name: string }>).map(t => t.name)).toEqual([...publicTags, 'Registro'])
    expect(composed.components.schemas.Error).toEqual(publicDocument.components.schemas.Error)
    expect(Object.keys(composed.components.schemas).filter(name => name.startsWith('Registro'))).toEqual([])
    for (const ref of refsOf(composed)) {
      const [, , kind = '', name = ''] = ref.split('/')
      expect((composed.components[kind] as Record<string, unknown>)[name], ref).toBeDefined()
    }
  })

  it('renames a colliding component with its namespace and follows it in references and security', () => {
    const a = doc({ Item: { type: 'string' } }, { '/a': { get: { security: [{ auth: [] }], responses: { 200: { description: 'a', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } } } } },
      { components: { schemas: { Item: { type: 'string' } }, securitySchemes: { auth: { type: 'http', scheme: 'bearer' } } } })
    const b = doc({}, { '/b': { get: { security: [{ auth: ['x'] }], responses: { 200: { description: 'b', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } } } } },
      { components: { schemas: { Item: { type: 'integer' } }, securitySchemes: { auth: { type: 'oauth2', flows: {} } } } })
    const composed = composeDocuments([{ document: a, namespace: 'A' }, { document: b, namespace: 'B', tag: { name: 'B', description: 'de b' } }])
    expect(composed.components.schemas).toEqual({ Item: { type: 'string' }, BItem: { type: 'integer' } })
    expect(Object.keys(composed.components.securitySchemes as object)).toEqual(['auth', 'Bauth'])
    const opB = (composed.paths['/b'] as { get: Record<string, any> }).get
    expect(opB.security).toEqual([{ Bauth: ['x'] }])
    expect(opB.tags).toEqual(['B'])
    expect(opB.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/BItem')
    expect((composed.paths['/a'] as { get: Record<string, any> }).get.security).toEqual([{ auth: [] }])
  })

  it('refuses two documents defining the same operation', () => {
    const a = doc({}, { '/x': { get: { responses: {} } } })
    expect(() => composeDocuments([{ document: a, namespace: 'A' }, { document: a, namespace: 'B' }])).toThrow(/GET \/x/)
  })
})

describe('operationSchema', () => {
  it('derives a route schema from an operation, pointing at the bundle', () => {
    const schema = operationSchema(REGISTRY_SCHEMA_ID, registryDocument, '/registro/v1/entes/{clave}/conexiones/{sistema}', 'post')
    expect(schema.params).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { clave: { $ref: 'see-registry#/components/schemas/EnteKey' }, sistema: { $ref: 'see-registry#/components/schemas/RegistrySystem' } },
      required: ['clave', 'sistema']
    })
    expect(schema.body).toEqual({ $ref: 'see-registry#/components/schemas/RegistryConnectionInput' })
    expect(schema.response['201']).toEqual({ $ref: 'see-registry#/components/schemas/RegistryConnection' })
    expect(schema.response['409']).toEqual({ $ref: 'see-registry#/components/schemas/Error' })
    expect(operationSchema(REGISTRY_SCHEMA_ID, registryDocument, '/registro/v1/auditoria', 'get').querystring?.required).toEqual([])
    expect(() => operationSchema(REGISTRY_SCHEMA_ID, registryDocument, '/registro/v1/nada', 'get')).toThrow(/no está en el documento/)
  })
})
