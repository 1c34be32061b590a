import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, OverloadedError } from '@see/kit'
import { PUBLIC_SCHEMA_ID, publicDocument, schemaBundle } from '@see/openapi'
import type { FastifyInstance } from 'fastify'
import { KeyRing, oauthServer } from '../../src/index.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import { AUDIENCE, ISSUER } from '../support/app.js'

// Refusals raised before an OAuth2 endpoint runs reach the endpoints' own error handler. Load
// shedding (the kit's under-pressure: 503 SEE_OVERLOADED from an onRequest hook) must stay a
// retryable 503 (the auth package's SEE_OAUTH_BUSY), and a U+0000 in a credential must be invalid_request, not a 500 from the
// database (both found by the gateway's fuzz test).

describe('OAuth2 endpoint errors raised before the endpoint runs', () => {
  let app: FastifyInstance
  let shedding = false

  beforeAll(async () => {
    app = await createServer({ name: 'auth-overload', logger: false, maxEventLoopDelay: 0 })
    app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
    // What @fastify/under-pressure does when the event loop lags: refuse in onRequest.
    app.addHook('onRequest', async () => { if (shedding) throw new OverloadedError() })
    await app.register(oauthServer, { issuer: ISSUER, audience: AUDIENCE, store: memoryAuthStore(), keys: await KeyRing.generate() })
  })
  afterAll(async () => await app?.close())

  it('answers 503 temporarily_unavailable with Retry-After and {code, message}, never 500 server_error', async () => {
    shedding = true
    try {
      for (const url of ['/oauth/token', '/oauth', '/oauth/revoke', '/oauth/introspect']) {
        const answer = await app.inject({ method: 'POST', url, payload: 'grant_type=client_credentials&token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        expect(answer.statusCode, url).toBe(503)
        expect(answer.headers['retry-after'], url).toBe('1')
        expect(answer.headers['cache-control'], url).toBe('no-store')
        expect(answer.json(), url).toEqual({
          error: 'temporarily_unavailable',
          error_description: expect.any(String),
          code: 'SEE_OAUTH_BUSY',
          message: expect.stringContaining('saturado')
        })
      }
    } finally {
      shedding = false
    }
    const served = await app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(served.statusCode).toBe(401)
  })

  it('answers a U+0000 in a form or JSON credential as 400 invalid_request naming the field, never reaching the store', async () => {
    const form = await app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=client_credentials&client_id=a%00b&client_secret=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(form.statusCode).toBe(400)
    expect(form.json()).toMatchObject({ error: 'invalid_request', code: 'SEE_OAUTH_INVALID_REQUEST', message: expect.stringContaining('body/client_id contiene un carácter no admitido') })
    const json = await app.inject({ method: 'POST', url: '/oauth/introspect', payload: { token: 'x\u0000' } })
    expect(json.statusCode).toBe(400)
    expect(json.json().error).toBe('invalid_request')
  })
})
