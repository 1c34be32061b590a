import { afterAll, describe, expect, it } from 'vitest'
import { createServer } from '../../src/index.js'

describe('createServer', async () => {
  const app = await createServer({ name: 'test', logger: false, readiness: { database: () => { throw new Error('down') } } })
  app.post('/echo', { schema: { body: { type: 'object', additionalProperties: false, properties: { n: { type: 'integer', maximum: 5 } } } } }, async (request) => request.body)
  app.get('/boom', async () => { throw new Error('secret detail') })
  afterAll(() => app.close())

  it('echoes a plain x-request-id and replaces an unsafe one', async () => {
    const ok = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-123' } })
    expect(ok.headers['x-request-id']).toBe('abc-123')
    const unsafe = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'bad id\n' } })
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers validation errors as 422 {code, message} in Spanish, without coercion', async () => {
    const tooBig = await app.inject({ method: 'POST', url: '/echo', payload: { n: 6 } })
    expect(tooBig.statusCode).toBe(422)
    expect(tooBig.json()).toEqual({ code: 'SEE_VALIDATION', message: expect.stringMatching(/body\/n debe ser <= 5/) })
    const wrongType = await app.inject({ method: 'POST', url: '/echo', payload: { n: '1' } })
    expect(wrongType.statusCode).toBe(422)
    const unknown = await app.inject({ method: 'POST', url: '/echo', payload: { x: 1 } })
    expect(unknown.json().message).toMatch(/"x"/)
  })

  it('answers malformed JSON with 400 and unknown routes with 404, both {code, message}', async () => {
    const malformed = await app.inject({ method: 'POST', url: '/echo', payload: '{', headers: { 'content-type': 'application/json' } })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().code).toBe('SEE_MALFORMED_BODY')
    const missing = await app.inject({ url: '/nada' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('SEE_NOT_FOUND')
  })

  it('hides internal error details behind SEE_INTERNAL', async () => {
    const boom = await app.inject({ url: '/boom' })
    expect(boom.statusCode).toBe(500)
    expect(boom.json()).toEqual({ code: 'SEE_INTERNAL', message: expect.not.stringContaining('secret') })
  })

  it('reports readiness per check', async () => {
    const ready = await app.inject({ url: '/health/ready' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json().message).toMatch(/database/)
    expect(ready.headers['retry-after']).toBeUndefined()
  })
})

describe('createServer behind proxies', () => {
  it('believes X-Forwarded-For only from the trusted proxies, and from nobody by default', async () => {
    const behind = await createServer({ name: 'test', logger: false, maxEventLoopDelay: 0, trustProxy: ['10.0.0.0/8'] })
    const direct = await createServer({ name: 'test', logger: false, maxEventLoopDelay: 0 })
    for (const app of [behind, direct]) app.get('/ip', async request => ({ ip: request.ip }))
    try {
      const ip = async (app: typeof behind, remoteAddress: string): Promise<string> =>
        (await app.inject({ url: '/ip', remoteAddress, headers: { 'x-forwarded-for': '203.0.113.7' } })).json().ip
      expect(await ip(behind, '10.1.2.3')).toBe('203.0.113.7')
      expect(await ip(behind, '192.0.2.1')).toBe('192.0.2.1')
      expect(await ip(direct, '10.1.2.3')).toBe('10.1.2.3')
    } finally {
      await behind.close()
      await direct.close()
    }
  })
})
