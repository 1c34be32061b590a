import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { SYSTEMS, profiles } from '@see/systems'
import { publicServedDocument, servedDocument } from '../../src/plugins/openapi.js'

// ajv-formats is CommonJS: its default export is the function itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

type Operation = { security?: Array<Record<string, string[]>>, requestBody?: unknown, tags?: string[] }

describe('the served OpenAPI document', () => {
  it('documents every federated system at its standard paths, behind its own scope', () => {
    const document = servedDocument(SYSTEMS)
    for (const system of SYSTEMS) {
      const search = (document.paths[system.paths.search] as { post: Operation }).post
      expect(search.security).toEqual([{ oauth2: [system.scope] }])
      expect(search.tags).toEqual([system.pdnId])
      expect(document.paths[`${system.paths.search}/summary`]).toBeDefined()
      if (system.paths.dependencias !== undefined) expect(document.paths[system.paths.dependencias]).toBeDefined()
      expect(document.paths[`/registro/v1/entes/{clave}/sandbox${system.paths.search}`]).toBeDefined()
    }
    expect((document.tags as Array<{ name: string }>).map(t => t.name)).toEqual(expect.arrayContaining(SYSTEMS.map(s => s.pdnId)))
  })

  it('documents only the systems a gateway federates', () => {
    const document = servedDocument([profiles.s2])
    expect(document.paths['/v1/spic']).toBeDefined()
    expect(document.paths['/v1/ssancionados']).toBeUndefined()
    expect(document.paths['/oauth/token']).toBeDefined()
    expect(document.paths['/registro/v1/entes']).toBeDefined()
  })

  it('resolves every reference of the composed document', () => {
    const document = servedDocument(SYSTEMS)
    const refs: string[] = []
    JSON.stringify(document, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') refs.push(value)
      return value
    })
    for (const ref of refs) {
      const [, , kind = '', name = ''] = ref.split('/')
      expect(ref.startsWith('#/'), ref).toBe(true)
      expect((document.components[kind] as Record<string, unknown>)[name], ref).toBeDefined()
    }
  })

  describe('examples, answers and servers', () => {
    const document = servedDocument(SYSTEMS)
    type Media = { schema?: object, example?: unknown, examples?: Record<string, { $ref?: string, value?: unknown }> }
    type Parameter = { $ref?: string, name?: string, in?: string, example?: unknown, schema?: object }
    type FullOperation = Operation & { parameters?: Parameter[], requestBody?: { content: Record<string, Media> }, responses: Record<string, { content?: Record<string, Media> }> }
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, FullOperation>).filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })))
    const parameter = (p: Parameter): Parameter => p.$ref === undefined ? p : (document.components.parameters as Record<string, Parameter>)[p.$ref.split('/').pop()!]!
    const ajv = new Ajv({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema({ ...document, $id: 'served' })
    const validates = (schema: object, value: unknown): string | undefined => {
      const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"served#/components/')) as object
      const validate = ajv.compile(resolved)
      return validate(value) ? undefined : ajv.errorsText(validate.errors)
    }

    it('says where it is served', () => {
      expect(document.servers).toEqual([expect.objectContaining({ url: '/' })])
    })

    it('gives every request body and every path parameter an example that fits its schema', () => {
      expect(operations.length).toBeGreaterThan(40)
      for (const { name, operation } of operations) {
        for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
          expect(media.example, `${name} ${type}`).toBeDefined()
          expect(validates(media.schema!, media.example), `${name} ${type}`).toBeUndefined()
        }
        for (const p of (operation.parameters ?? []).map(parameter).filter(p => p.in === 'path')) {
          expect(p.example, `${name} ${p.name}`).toBeDefined()
        }
      }
    })

    /** A media's examples: its `example`, and each of its `examples` (references resolved). */
    const examplesOf = (media: Media): unknown[] => [
      ...(media.example === undefined ? [] : [media.example]),
      ...Object.values(media.examples ?? {}).map(e => e.$ref === undefined ? e : (document.components.examples as Record<string, { value?: unknown }>)[e.$ref.split('/').pop()!]).map(e => e?.value)
    ]

    it('gives every 2xx JSON answer, a system search\'s records included, an example that fits its schema', () => {
      // An ente's sandbox answers that ente's own page: the federated search's example stands for it.
      const sandboxes = new Set(SYSTEMS.map(system => `POST /registro/v1/entes/{clave}/sandbox${system.paths.search}`))
      let checked = 0
      for (const { name, operation } of operations) {
        if (sandboxes.has(name)) continue
        for (const [status, answer] of Object.entries(operation.responses)) {
          const media = answer.content?.['application/json']
          if (!status.startsWith('2') || media === undefined) continue
          const examples = examplesOf(media)
          expect(examples.length, `${name} ${status}`).toBeGreaterThan(0)
          for (const example of examples) expect(validates(media.schema!, example), `${name} ${status}`).toBeUndefined()
          checked++
        }
      }
      expect(checked).toBeGreaterThan(35 + SYSTEMS.length)
    })

    it('gives each federated system\'s search answer records (an example with at least one record)', () => {
      for (const system of SYSTEMS) {
        const media = (document.paths[system.paths.search] as { post: FullOperation }).post.responses['200']!.content!['application/json']!
        const [example] = examplesOf(media) as Array<{ results?: unknown[] } | undefined>
        expect(example?.results?.length, `${system.id}: run pnpm gen (infra/search-examples.ts), or write components.examples.${system.schemas.response} in openapi/see.openapi.json`).toBeGreaterThan(0)
      }
      // The public part anyone reads at /docs keeps the examples its operations refer to.
      const examples = publicServedDocument(SYSTEMS).components.examples as Record<string, unknown> | undefined
      for (const system of SYSTEMS) expect(examples?.[system.schemas.response], system.id).toBeDefined()
    })

    it('declares on every operation its security, an internal error and load shedding, each with a code and a message', () => {
      for (const { name, operation } of operations) {
        expect(operation.security, name).toBeDefined()
        // Health probes are never shed and answer their own report.
        if (name.includes(' /health/')) continue
        for (const status of ['500', '503']) {
          const schema = operation.responses[status]?.content?.['application/json']?.schema
          expect(schema, `${name} ${status}`).toBeDefined()
          // OAuth's errors carry RFC 6749's `error` besides `code` and `message`.
          const body = name.includes(' /oauth') ? { error: 'server_error', code: 'SEE_INTERNAL', message: 'Error interno.' } : { code: 'SEE_INTERNAL', message: 'Error interno.' }
          expect(validates(schema!, body), `${name} ${status}`).toBeUndefined()
          expect((schema as { $ref?: string }).$ref, `${name} ${status}`).toMatch(/Error$/)
        }
      }
    })

    it('declares the x-see-* headers of a federated answer', () => {
      for (const system of SYSTEMS) {
        const ok = (document.paths[system.paths.search] as { post: { responses: Record<string, { headers?: object }> } }).post.responses['200']!
        expect(Object.keys(ok.headers ?? {})).toEqual(['x-see-incomplete', 'x-see-cache', 'x-see-private-removed'])
      }
    })
  })
})
