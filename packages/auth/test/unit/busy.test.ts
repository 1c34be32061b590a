import { setTimeout as sleep } from 'node:timers/promises'
import { createServer, OverloadedError } from '@see/kit'
import { publicDocument, PUBLIC_SCHEMA_ID, schemaBundle } from '@see/openapi'
import { afterEach, describe, expect, it } from 'vitest'
import { KeyRing, oauthServer, type AuthStore } from '../../src/index.js'
import { verifySecret } from '../../src/secrets.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import { AUDIENCE, basic, buildApp, form, FORM, ISSUER, PDN_USER, seed, type TestApp } from '../support/app.js'

let t: TestApp | undefined
afterEach(async () => await t?.app.close())

type Answer = Awaited<ReturnType<TestApp['app']['inject']>>

const login = async (app: TestApp['app'], client: { id: string, secret: string }, ip = '10.0.0.1', headers: Record<string, string> = {}): Promise<Answer> =>
  await app.inject({
    method: 'POST',
    url: '/oauth/token',
    remoteAddress: ip,
    headers: { ...FORM, authorization: basic(client.id, client.secret), ...headers },
    payload: form({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password })
  })

function expectBusy (res: Answer): void {
  expect(res.statusCode).toBe(503)
  expect(res.headers['retry-after']).toBe('1')
  expect(res.headers['cache-control']).toBe('no-store')
  expect(res.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String), code: 'SEE_OAUTH_BUSY', message: expect.stringMatching(/saturado/) })
}

describe('a busy authorization server answers 503 with Retry-After, never 500', () => {
  it('when every password verification turn is taken and the queue is full', async () => {
    const slowArgon2 = async (stored: string | undefined, presented: string): Promise<boolean> => { await sleep(300); return await verifySecret(stored, presented) }
    t = await buildApp({ verifySecret: slowArgon2, verification: { concurrency: 1, queue: 0 } })
    const c = await seed(t.store)
    const [first, second] = await Promise.all([login(t.app, c.pdn, '10.0.0.1'), login(t.app, c.portal, '10.0.0.2')])
    expect(first.statusCode).toBe(200)
    expectBusy(second)
    expect((await login(t.app, c.portal, '10.0.0.2')).statusCode).toBe(200)
  })

  it('when one address already holds its share of verifications', async () => {
    const slowArgon2 = async (stored: string | undefined, presented: string): Promise<boolean> => { await sleep(200); return await verifySecret(stored, presented) }
    t = await buildApp({ verifySecret: slowArgon2, verification: { perIp: 1 } })
    const c = await seed(t.store)
    const answers = await Promise.all([login(t.app, c.pdn, '10.0.0.1'), login(t.app, c.portal, '10.0.0.1')])
    expect(answers.map(a => a.statusCode).sort()).toEqual([200, 503])
    expectBusy(answers.find(a => a.statusCode === 503)!)
  })

  it('when the database pool cannot give a connection in time', async () => {
    const store = memoryAuthStore()
    const c = await seed(store)
    let saturated = false
    const flaky: AuthStore = {
      ...store,
      findClient: async id => {
        // What pg-pool throws when every connection stays busy past connectionTimeoutMillis.
        if (saturated) throw new Error('timeout exceeded when trying to connect')
        return await store.findClient(id)
      }
    }
    t = await buildApp({ store: flaky, directory: { ttlMs: 0 } })
    expect((await login(t.app, c.pdn)).statusCode).toBe(200)
    saturated = true
    expectBusy(await login(t.app, c.pdn))
  })

  it('when the server sheds load (the kit\'s event-loop guard), as seen under a loaded test run', async () => {
    const app = await createServer({ name: 'auth-test', logger: false, maxEventLoopDelay: 0 })
    // What @fastify/under-pressure does past maxEventLoopDelay: it fails the request with the kit's OverloadedError.
    app.addHook('onRequest', async request => { if (request.headers['x-shed'] !== undefined) throw new OverloadedError() })
    app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
    const store = memoryAuthStore()
    await app.register(oauthServer, { issuer: ISSUER, audience: AUDIENCE, store, keys: await KeyRing.generate() })
    await app.ready()
    t = { app, store, keys: app.oauth.keys }
    const c = await seed(store)
    expectBusy(await login(app, c.pdn, '10.0.0.1', { 'x-shed': '1' }))
    expect((await login(app, c.pdn)).statusCode).toBe(200)
  })
})

describe('request size', () => {
  it('refuses token requests over 16 KB, JSON and form alike, and ignores unknown parameters within it', async () => {
    t = await buildApp()
    const c = await seed(t.store)
    const fields = { grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password, client_id: c.pdn.id, client_secret: c.pdn.secret }
    const padded = { ...fields, relleno: 'x'.repeat(17 * 1024) }
    for (const res of [
      await t.app.inject({ method: 'POST', url: '/oauth/token', payload: padded }),
      await t.app.inject({ method: 'POST', url: '/oauth/token', headers: FORM, payload: form(padded) }),
      await t.app.inject({ method: 'POST', url: '/oauth/revoke', payload: { token: 'x'.repeat(17 * 1024) } })
    ]) {
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ error: 'invalid_request', code: 'SEE_OAUTH_INVALID_REQUEST' })
    }
    // RFC 6749 §3.2: unrecognized parameters are ignored.
    expect((await t.app.inject({ method: 'POST', url: '/oauth/token', payload: { ...fields, relleno: 'x'.repeat(1024) } })).statusCode).toBe(200)
  })
})
