import { createServer } from '@see/kit'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import cors from '../../src/plugins/cors.js'

const PORTAL = 'https://portal.chiapas.gob.mx'
const OTHER = 'https://otro.example.com'

async function server (origins: string[]): Promise<FastifyInstance> {
  const app = await createServer({ name: 'cors-test', logger: false })
  await app.register(cors, { origins })
  app.post('/v1/spic', async (_request, reply) => await reply.header('x-see-cache', 'miss').send({ ok: true }))
  await app.ready()
  return app
}

const preflight = (origin: string): Record<string, string> => ({ origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' })

describe('CORS with an allow list', () => {
  let app: FastifyInstance
  beforeAll(async () => { app = await server([PORTAL]) })
  afterAll(async () => await app.close())

  it('answers the preflight of an allowed origin with the methods, headers and lifetime it may use', async () => {
    const answer = await app.inject({ method: 'OPTIONS', url: '/v1/spic', headers: preflight(PORTAL) })
    expect(answer.statusCode).toBe(204)
    expect(answer.headers['access-control-allow-origin']).toBe(PORTAL)
    expect(answer.headers['access-control-allow-methods']).toContain('POST')
    expect(answer.headers['access-control-allow-headers']).toBe('authorization, content-type, x-request-id')
    expect(answer.headers['access-control-max-age']).toBe('600')
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined()
    expect(answer.headers.vary).toContain('Origin')
  })

  it('lets the allowed origin read the answer and the SEE headers', async () => {
    const answer = await app.inject({ method: 'POST', url: '/v1/spic', headers: { origin: PORTAL }, payload: {} })
    expect(answer.statusCode).toBe(200)
    expect(answer.headers['access-control-allow-origin']).toBe(PORTAL)
    expect(answer.headers['access-control-expose-headers']).toBe('x-request-id, x-see-incomplete, x-see-cache, x-see-private-removed, retry-after')
  })

  it('gives any other origin no CORS header at all: its preflight gets 405, its requests nothing to read', async () => {
    const refused = await app.inject({ method: 'OPTIONS', url: '/v1/spic', headers: preflight(OTHER) })
    expect(refused.statusCode).toBe(405)
    expect(Object.keys(refused.headers).filter(h => h.startsWith('access-control-'))).toEqual([])
    expect(refused.json().code).toBe('SEE_METHOD_NOT_ALLOWED')
    const request = await app.inject({ method: 'POST', url: '/v1/spic', headers: { origin: OTHER }, payload: {} })
    expect(Object.keys(request.headers).filter(h => h.startsWith('access-control-'))).toEqual([])
  })
})

describe('CORS without origins (the default)', () => {
  let app: FastifyInstance
  beforeAll(async () => { app = await server([]) })
  afterAll(async () => await app.close())

  it('answers no preflight and adds no CORS header', async () => {
    const answer = await app.inject({ method: 'OPTIONS', url: '/v1/spic', headers: preflight(PORTAL) })
    expect(answer.statusCode).toBe(405)
    expect(answer.headers.allow).toBe('POST')
    const request = await app.inject({ method: 'POST', url: '/v1/spic', headers: { origin: PORTAL }, payload: {} })
    expect(request.headers['access-control-allow-origin']).toBeUndefined()
  })
})
