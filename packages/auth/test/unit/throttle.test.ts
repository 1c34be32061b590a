import { afterEach, describe, expect, it } from 'vitest'
import { basic, buildApp, form, FORM, PDN_USER, seed, type TestApp } from '../support/app.js'
import type { MemoryAuthStore } from '../../src/store/memory.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import type { ThrottleOptions } from '../../src/index.js'

const roomy = { max: 1000, timeWindowMs: 60_000 }
let t: TestApp | undefined
afterEach(async () => await t?.app.close())

async function setUp (rateLimit: ThrottleOptions): Promise<{ t: TestApp, store: MemoryAuthStore, pdn: { id: string, secret: string } }> {
  const store = memoryAuthStore()
  t = await buildApp({ store, rateLimit })
  const seeded = await seed(store)
  return { t, store, pdn: seeded.pdn }
}

const pdnRequest = (app: TestApp, pdn: { id: string, secret: string }, password = PDN_USER.password, username = PDN_USER.username, ip = '10.0.0.1') =>
  app.app.inject({
    method: 'POST',
    url: '/oauth/token',
    remoteAddress: ip,
    headers: { ...FORM, authorization: basic(pdn.id, pdn.secret) },
    payload: form({ grant_type: 'password', username, password })
  })

describe('throttling (in process)', () => {
  it('limits requests per IP with 429, Retry-After and an OAuth2 body', async () => {
    const { t, pdn } = await setUp({ perIp: { max: 3, timeWindowMs: 60_000 } })
    for (let i = 0; i < 3; i++) expect((await pdnRequest(t, pdn)).statusCode).toBe(200)
    const res = await pdnRequest(t, pdn)
    expect(res.statusCode).toBe(429)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    expect(res.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'SEE_OAUTH_RATE_LIMITED' })
    expect((await pdnRequest(t, pdn, PDN_USER.password, PDN_USER.username, '10.0.0.2')).statusCode).toBe(200)
  })

  it('limits requests per client whatever the IP', async () => {
    const { t, pdn } = await setUp({ perIp: roomy, perClient: { max: 2, timeWindowMs: 60_000 } })
    expect((await pdnRequest(t, pdn, PDN_USER.password, PDN_USER.username, '10.0.0.1')).statusCode).toBe(200)
    expect((await pdnRequest(t, pdn, PDN_USER.password, PDN_USER.username, '10.0.0.2')).statusCode).toBe(200)
    expect((await pdnRequest(t, pdn, PDN_USER.password, PDN_USER.username, '10.0.0.3')).statusCode).toBe(429)
  })

  it('limits password attempts per username whatever the IP', async () => {
    const { t, pdn } = await setUp({ perIp: roomy, perClient: roomy, perUsername: { max: 2, timeWindowMs: 60_000 } })
    expect((await pdnRequest(t, pdn, 'mal', 'alguien', '10.0.0.1')).statusCode).toBe(400)
    expect((await pdnRequest(t, pdn, 'mal', 'alguien', '10.0.0.2')).statusCode).toBe(400)
    expect((await pdnRequest(t, pdn, 'mal', 'alguien', '10.0.0.3')).statusCode).toBe(429)
    expect((await pdnRequest(t, pdn, PDN_USER.password, PDN_USER.username, '10.0.0.3')).statusCode).toBe(200)
  })

  it('stops an IP after too many failures, for that IP only', async () => {
    const { t, pdn } = await setUp({ perIp: roomy, failuresPerIp: { max: 2, timeWindowMs: 60_000 }, delay: { freeFailures: 100, baseMs: 1, maxMs: 1, windowMs: 60_000 } })
    for (let i = 0; i < 3; i++) expect((await pdnRequest(t, pdn, 'mal', PDN_USER.username, '10.9.9.9')).statusCode).toBe(400)
    expect((await pdnRequest(t, pdn, PDN_USER.password, PDN_USER.username, '10.9.9.9')).statusCode).toBe(429)
    expect((await pdnRequest(t, pdn, PDN_USER.password, PDN_USER.username, '10.0.0.1')).statusCode).toBe(200)
  })

  it('holds failed answers progressively longer after repeated failures, never successes', async () => {
    const { t, store, pdn } = await setUp({ perIp: roomy, delay: { freeFailures: 2, baseMs: 5, maxMs: 20, windowMs: 60_000 } })
    for (let i = 0; i < 6; i++) await pdnRequest(t, pdn, 'mal', PDN_USER.username, `10.1.0.${i}`)
    expect((await pdnRequest(t, pdn)).statusCode).toBe(200)
    const failures = store.auditEvents.filter(e => e.type === 'token.failed').map(e => e.delayMs ?? 0)
    expect(failures).toEqual([0, 0, 5, 10, 20, 20])
    expect(store.auditEvents.filter(e => e.type === 'token.issued').every(e => e.delayMs === undefined)).toBe(true)
  })
})
