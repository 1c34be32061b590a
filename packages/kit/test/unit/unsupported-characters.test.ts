import { afterAll, describe, expect, it } from 'vitest'
import { createServer, unsupportedCharacterAt } from '../../src/index.js'

// U+0000 cannot be stored in PostgreSQL text, nor an unpaired surrogate (JSON's "\ud800") in jsonb:
// requests carrying them used to reach the database and fail with a 500 (found by the gateway's
// fuzz test). Every app now refuses them up front.

describe('requests with characters that are not text', async () => {
  const app = await createServer({ name: 'test', logger: false })
  app.post('/eco', { schema: { body: { type: 'object', additionalProperties: true } } }, async request => request.body)
  app.get('/ruta/:clave', async request => request.params)
  afterAll(() => app.close())

  it('refuses U+0000 in body strings and keys, query and path with 422 {code, message} naming where', async () => {
    const inBody = await app.inject({ method: 'POST', url: '/eco', payload: { contactos: [{ cargo: 'Titular\u0000' }] } })
    expect(inBody.statusCode).toBe(422)
    expect(inBody.json()).toEqual({ code: 'SEE_VALIDATION', message: expect.stringContaining('body/contactos/0/cargo contiene un carácter no admitido') })
    expect((await app.inject({ method: 'POST', url: '/eco', payload: '{"a\\u0000":1}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(422)
    expect((await app.inject({ method: 'POST', url: '/eco?x=%00', payload: {} })).json().message).toMatch(/querystring\/x/)
    expect((await app.inject({ url: '/ruta/a%00b' })).json().message).toMatch(/params\/clave/)
  })

  it('refuses unpaired surrogates and accepts paired ones, accents and other odd but real text', async () => {
    for (const text of ['\\ud800', 'a\\udfff', '\\udc00\\ud800']) {
      const answer = await app.inject({ method: 'POST', url: '/eco', payload: `{"observations":"${text}"}`, headers: { 'content-type': 'application/json' } })
      expect(answer.statusCode, text).toBe(422)
      expect(answer.json().message, text).toMatch(/body\/observations contiene un carácter no admitido/)
    }
    const fine = { nombre: 'ñandú \u202e 𝔘𝔫𝔦 👩‍👩‍👧', escaped: '\ud83d\ude00' }
    const accepted = await app.inject({ method: 'POST', url: '/eco', payload: fine })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toEqual(fine)
  })

  it('walks a body nested 50,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 'x\u0000'
    for (let i = 0; i < 50_000; i++) deep = [deep]
    expect(unsupportedCharacterAt(deep, 'body')).toBe(`body${'/0'.repeat(50_000)}`)
    let clean: unknown = { a: 1 }
    for (let i = 0; i < 50_000; i++) clean = { a: clean }
    expect(unsupportedCharacterAt(clean, 'body')).toBeUndefined()
  })
})
