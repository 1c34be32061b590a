import { describe, expect, it } from 'vitest'
import { directoryFromEntes, parseRegistry } from '../../src/index.js'

const connection = { protocol: 'sesna-v1', baseUrl: 'https://api.ente.gob.mx', auth: { kind: 'none' } }

describe('registry file', () => {
  it('applies defaults and orders entes by clave', () => {
    const file = parseRegistry({ entes: [{ clave: 'B', nombre: 'Ente B', systems: { s2: connection } }, { clave: 'A', nombre: 'Ente A', systems: { s2: { ...connection } } }] })
    const directory = directoryFromEntes(file.entes)
    expect(directory.list('s2').map(e => e.clave)).toEqual(['A', 'B'])
    expect(directory.get('s2', 'A')?.connection.timeouts).toBeUndefined()
    expect(directory.get('s2', 'A')?.connection.maxConnections).toBe(16)
  })
  it('rejects unknown protocols, bad URLs and repeated claves with a message naming them', () => {
    expect(() => parseRegistry({ entes: [{ clave: 'A', nombre: 'A', systems: { s2: { ...connection, protocol: 'soap' } } }] })).toThrow(/protocol/)
    expect(() => parseRegistry({ entes: [{ clave: 'A', nombre: 'A', systems: { s2: { ...connection, baseUrl: 'no es url' } } }] })).toThrow(/baseUrl/)
    expect(() => parseRegistry({ entes: [{ clave: 'A', nombre: 'A', systems: {} }, { clave: 'A', nombre: 'A', systems: {} }] })).toThrow(/repetida/)
  })
})
