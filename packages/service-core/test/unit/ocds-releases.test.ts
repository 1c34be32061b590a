import { describe, expect, it } from 'vitest'
import { nextPath } from '../../src/protocols/ocds-releases.js'

// An ocds-releases ente's `links.next` is followed only under the URL the registry holds for it:
// the SSRF guard and the ente's credentials are for that URL, not for wherever a page points.

const BASE = 'https://datos.ente.gob.mx/ocds/entregas'

describe('links.next of an OCDS release package feed', () => {
  it('is the path under the registered URL, absolute or relative', () => {
    expect(nextPath(BASE, 'https://datos.ente.gob.mx/ocds/entregas?page=2')).toBe('?page=2')
    expect(nextPath(BASE, '/ocds/entregas/2024/pagina-3.json')).toBe('/2024/pagina-3.json')
    expect(nextPath(`${BASE}/`, `${BASE}?cursor=abc`)).toBe('?cursor=abc')
  })

  it('ends the feed when absent or null', () => {
    expect(nextPath(BASE, undefined)).toBeUndefined()
    expect(nextPath(BASE, null)).toBeUndefined()
  })

  it('is refused outside the registered URL: another host, scheme, port or path', () => {
    for (const next of ['https://otro.example/ocds/entregas?page=2', 'http://datos.ente.gob.mx/ocds/entregas?page=2', 'https://datos.ente.gob.mx:8443/ocds/entregas?page=2', 'https://datos.ente.gob.mx/admin', 'https://datos.ente.gob.mx/ocds/entregas-privadas', 'https://169.254.169.254/latest/meta-data', 42]) {
      expect(() => nextPath(BASE, next), String(next)).toThrow(expect.objectContaining({ code: 'ENTE_BAD_SHAPE' }))
    }
  })
})
