import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { batch, testApp, type TestApp } from '../support/app.js'
import { directoryOf, PASSWORD_AUTH, sendJson, startStubEnte, type StubEnte } from '../support/stub-ente.js'

// Authentication towards an ente, end to end through the batch route against a stub ente.

let ente: StubEnte
const opened: TestApp[] = []

async function appFor (auth = PASSWORD_AUTH, now?: () => number): Promise<TestApp> {
  const made = await testApp(directoryOf([['E1', ente.url, auth]]), now === undefined ? {} : { now })
  opened.push(made)
  return made
}

beforeAll(async () => { ente = await startStubEnte() })
afterEach(async () => {
  await Promise.all(opened.splice(0).map(async t => await t.app.close()))
  ente.calls.token.length = 0
  ente.calls.data.length = 0
  ente.calls.dependencias.length = 0
  ente.handle('token', (_c, res, n) => sendJson(res, 200, { access_token: `token-${n}`, token_type: 'Bearer', expires_in: 3600 }))
  ente.handle('data', (_c, res) => sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 0, hasNextPage: false }, results: [] }))
})
afterAll(async () => { await ente.close() })

describe('oauth2-password towards the ente', () => {
  it('asks for a token as the PDN does and sends it as Bearer', async () => {
    const { app } = await appFor()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]?.ok).toBe(true)
    const [tokenCall] = ente.calls.token
    expect(tokenCall?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(tokenCall?.headers.authorization).toBe(`Basic ${Buffer.from('see-client:s3cr3t').toString('base64')}`)
    expect(Object.fromEntries(new URLSearchParams(tokenCall?.body))).toEqual({
      grant_type: 'password', username: 'see', password: 'pa55', client_id: 'see-client', client_secret: 's3cr3t'
    })
    expect(ente.calls.data[0]?.headers.authorization).toBe('Bearer token-1')
  })

  it('reuses the token across batches until it is about to expire', async () => {
    let now = 1_000_000
    const { app } = await appFor(PASSWORD_AUTH, () => now)
    for (let i = 0; i < 4; i++) await batch(app, [{ ente: 'E1' }, { ente: 'E1' }])
    expect(ente.calls.token).toHaveLength(1)
    expect(ente.calls.data).toHaveLength(8)
    now += 3600 * 1000
    await batch(app, [{ ente: 'E1' }])
    expect(ente.calls.token).toHaveLength(2)
    expect(ente.calls.data.at(-1)?.headers.authorization).toBe('Bearer token-2')
  })

  it('makes one token request for concurrent batches', async () => {
    ente.handle('token', (_c, res, n) => {
      setTimeout(() => sendJson(res, 200, { access_token: `token-${n}`, token_type: 'Bearer', expires_in: 3600 }), 100)
    })
    const { app } = await appFor()
    const answers = await Promise.all(Array.from({ length: 5 }, async () => await batch(app, [{ ente: 'E1' }, { ente: 'E1' }])))
    expect(answers.flatMap(a => a.outcomes).every(o => o.ok)).toBe(true)
    expect(ente.calls.token).toHaveLength(1)
    expect(ente.calls.data).toHaveLength(10)
  })

  it('on a 401 drops the token, gets a new one and retries once', async () => {
    ente.handle('data', (call, res) => {
      if (call.headers.authorization === 'Bearer token-1') return sendJson(res, 401, { code: 'invalid_token', message: 'expirado' })
      sendJson(res, 200, { pagination: { page: 1, pageSize: 10, totalRows: 0, hasNextPage: false }, results: [] })
    })
    const { app } = await appFor()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]).toMatchObject({ ente: 'E1', ok: true, totalRows: 0 })
    expect(ente.calls.token).toHaveLength(2)
    expect(ente.calls.data.map(c => c.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2'])
  })

  it('answers ENTE_AUTH_FAILED when the fresh token is refused too', async () => {
    ente.handle('data', (_c, res) => sendJson(res, 401, { code: 'invalid_token', message: 'no' }))
    const { app, logs, rawLogs } = await appFor()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]).toMatchObject({ ente: 'E1', ok: false, error: { code: 'ENTE_AUTH_FAILED' } })
    expect(ente.calls.token).toHaveLength(2)
    expect(ente.calls.data).toHaveLength(2)
    expect(logs.filter(l => l.ente === 'E1' && l.code === 'ENTE_AUTH_FAILED')).toHaveLength(1)
    for (const secret of ['s3cr3t', 'pa55', 'token-1', 'token-2']) expect(rawLogs()).not.toContain(secret)
  })

  it('answers ENTE_AUTH_FAILED when the token endpoint refuses the credentials, without calling for data', async () => {
    ente.handle('token', (_c, res) => sendJson(res, 401, { error: 'invalid_client' }))
    const { app } = await appFor()
    const { outcomes } = await batch(app, [{ ente: 'E1' }])
    expect(outcomes[0]?.error?.code).toBe('ENTE_AUTH_FAILED')
    expect(outcomes[0]?.error?.message).toContain('401')
    expect(ente.calls.data).toHaveLength(0)
  })

  it('reports a failing token server as ENTE_HTTP_ERROR after one retry, and tries again on the next batch', async () => {
    ente.handle('token', (_c, res) => sendJson(res, 503, { error: 'temporarily_unavailable' }))
    const { app } = await appFor()
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.error?.code).toBe('ENTE_HTTP_ERROR')
    expect(ente.calls.token).toHaveLength(2)
    ente.handle('token', (_c, res) => sendJson(res, 200, { access_token: 'recovered', token_type: 'Bearer', expires_in: 3600 }))
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.ok).toBe(true)
    expect(ente.calls.token).toHaveLength(3)
    expect(ente.calls.data).toHaveLength(1)
  })
})

describe('other kinds of ente auth', () => {
  it('oauth2-client-credentials asks with the client credentials grant', async () => {
    const { app } = await appFor({ kind: 'oauth2-client-credentials', clientId: 'c', clientSecret: 's', scope: 'spic' })
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.ok).toBe(true)
    expect(Object.fromEntries(new URLSearchParams(ente.calls.token[0]?.body))).toEqual({ grant_type: 'client_credentials', client_id: 'c', client_secret: 's', scope: 'spic' })
  })

  it('static-bearer sends the configured token and does not retry a 401', async () => {
    const { app } = await appFor({ kind: 'static-bearer', token: 'fixed-token' })
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.ok).toBe(true)
    expect(ente.calls.data[0]?.headers.authorization).toBe('Bearer fixed-token')
    ente.handle('data', (_c, res) => sendJson(res, 401, { code: 'x', message: 'no' }))
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.error?.code).toBe('ENTE_AUTH_FAILED')
    expect(ente.calls.data).toHaveLength(2)
    expect(ente.calls.token).toHaveLength(0)
  })

  it('none sends no Authorization header', async () => {
    const { app } = await appFor({ kind: 'none' })
    expect((await batch(app, [{ ente: 'E1' }])).outcomes[0]?.ok).toBe(true)
    expect(ente.calls.data[0]?.headers.authorization).toBeUndefined()
    expect(ente.calls.token).toHaveLength(0)
  })
})

describe('request ids', () => {
  it('sends the incoming x-request-id to the token and data calls', async () => {
    const { app } = await appFor()
    await batch(app, [{ ente: 'E1' }], { requestId: 'pdn-req-42' })
    expect(ente.calls.token[0]?.headers['x-request-id']).toBe('pdn-req-42')
    expect(ente.calls.data[0]?.headers['x-request-id']).toBe('pdn-req-42')
  })
})
