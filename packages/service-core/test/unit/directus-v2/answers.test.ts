import { describe, expect, it } from 'vitest'
import { directusErrorFor, DirectusProtocolError, parseItemsAnswer } from '../../../src/protocols/directus-v2/index.js'

describe('Directus answers', () => {
  it('read data and meta.filter_count, a count sent as a string included', () => {
    expect(parseItemsAnswer({ data: [{ id: 1 }], meta: { filter_count: 7, total_count: 9 } }, { needCount: true })).toEqual({ items: [{ id: 1 }], filterCount: 7 })
    expect(parseItemsAnswer({ data: [], meta: { filter_count: '12' } }, { needCount: true }).filterCount).toBe(12)
    expect(parseItemsAnswer({ data: [{ id: 'a' }] })).toEqual({ items: [{ id: 'a' }] })
  })

  it('refuse an envelope that is not Directus\'s with ENTE_BAD_SHAPE and a Spanish detail', () => {
    const cases: Array<[unknown, RegExp]> = [
      [[], /no es un objeto JSON/],
      [{ results: [] }, /«data»/],
      [{ data: [1] }, /elemento 0 de «data» no es un objeto/],
      [{ data: [] }, /meta.filter_count/],
      [{ data: [], meta: { filter_count: -1 } }, /meta.filter_count/],
      [{ data: [], meta: { filter_count: 1.5 } }, /meta.filter_count/]
    ]
    for (const [body, detail] of cases) {
      let thrown: unknown
      try {
        parseItemsAnswer(body, { needCount: true })
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(DirectusProtocolError)
      expect(thrown).toMatchObject({ code: 'ENTE_BAD_SHAPE', message: expect.stringMatching(detail) })
    }
  })
})

describe('Directus errors', () => {
  it('map 401 and 403 to ENTE_AUTH_FAILED, 400 to ENTE_REJECTED_QUERY, the rest to ENTE_HTTP_ERROR', () => {
    expect(directusErrorFor(401, { errors: [{ message: 'Invalid user credentials.', extensions: { code: 'INVALID_CREDENTIALS' } }] }))
      .toMatchObject({ code: 'ENTE_AUTH_FAILED', status: 401, message: expect.stringContaining('(HTTP 401, INVALID_CREDENTIALS)') })
    expect(directusErrorFor(403, { errors: [{ extensions: { code: 'FORBIDDEN' } }] })).toMatchObject({ code: 'ENTE_AUTH_FAILED', message: expect.stringContaining('Api-Interconexion') })
    expect(directusErrorFor(400, { error: { code: 400, message: 'Parámetros inválidos' } })).toMatchObject({ code: 'ENTE_REJECTED_QUERY', message: 'Directus rechazó la consulta (HTTP 400, 400).' })
    expect(directusErrorFor(503, 'Service Unavailable')).toMatchObject({ code: 'ENTE_HTTP_ERROR', status: 503, message: 'Directus respondió con error (HTTP 503).' })
  })

  it('never quote the provider\'s own text', () => {
    const error = directusErrorFor(500, { errors: [{ message: 'secret=abc', extensions: { code: 'drop table; <script>' } }] })
    expect(error.message).not.toContain('secret')
    expect(error.message).not.toContain('script')
  })
})
