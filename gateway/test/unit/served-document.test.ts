import { describe, expect, it } from 'vitest'
import { FEDERATED_SYSTEMS, profiles } from '@see/systems'
import { servedDocument } from '../../src/plugins/openapi.js'

type Operation = { security?: Array<Record<string, string[]>>, requestBody?: unknown, tags?: string[] }

describe('the served OpenAPI document', () => {
  it('documents every federated system at its standard paths, behind its own scope', () => {
    const document = servedDocument(FEDERATED_SYSTEMS)
    for (const system of FEDERATED_SYSTEMS) {
      const search = (document.paths[system.paths.search!] as { post: Operation }).post
      expect(search.security).toEqual([{ oauth2: [system.scope] }])
      expect(search.tags).toEqual([system.pdnId])
      expect(document.paths[`${system.paths.search!}/summary`]).toBeDefined()
      if (system.paths.dependencias !== undefined) expect(document.paths[system.paths.dependencias]).toBeDefined()
      expect(document.paths[`/registro/v1/entes/{clave}/sandbox${system.paths.search!}`]).toBeDefined()
    }
    expect((document.tags as Array<{ name: string }>).map(t => t.name)).toEqual(expect.arrayContaining(FEDERATED_SYSTEMS.map(s => s.pdnId)))
  })

  it('documents only the systems a gateway federates', () => {
    const document = servedDocument([profiles.s2])
    expect(document.paths['/v1/spic']).toBeDefined()
    expect(document.paths['/v1/ssancionados']).toBeUndefined()
    expect(document.paths['/oauth/token']).toBeDefined()
    expect(document.paths['/registro/v1/entes']).toBeDefined()
  })

  it('resolves every reference of the composed document', () => {
    const document = servedDocument(FEDERATED_SYSTEMS)
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
})
