import { afterEach, describe, expect, it } from 'vitest'
import { basic, buildApp, form, FORM, PDN_USER, seed, type Seeded, type TestApp } from '../support/app.js'
import type { MemoryAuthStore } from '../../src/store/memory.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import { verifySecret } from '../../src/secrets.js'
import type { OAuthServerOptions, ThrottleOptions } from '../../src/index.js'

const roomy = { max: 100_000, timeWindowMs: 60_000 }
let t: TestApp | undefined
afterEach(async () => await t?.app.close())

interface Setup {
  t: TestApp
  store: MemoryAuthStore
  c: Seeded
  /** argon2 verifications run so far (client secrets and user passwords alike). */
  argon2: () => number
}

async function setUp (rateLimit: ThrottleOptions, options: Partial<OAuthServerOptions> = {}): Promise<Setup> {
  const store = memoryAuthStore()
  let calls = 0
  t = await buildApp({ store, rateLimit, verifySecret: async (stored, presented) => { calls++; return await verifySecret(stored, presented) }, ...options })
  return { t, store, c: await seed(store), argon2: () => calls }
}

type Client = { id: string, secret: string }

const passwordRequest = (s: Setup, client: Client, ip: string, password = PDN_USER.password, username = PDN_USER.username) =>
  s.t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    remoteAddress: ip,
    headers: { ...FORM, authorization: basic(client.id, client.secret) },
    payload: form({ grant_type: 'password', username, password, client_id: client.id, client_secret: client.secret })
  })

/** The PDN's request exactly as it sends it: Basic and body credentials, from its own address. */
const pdnLogin = async (s: Setup, ip = '203.0.113.10'): Promise<number> => (await passwordRequest(s, s.c.pdn, ip)).statusCode

async function inBatches (total: number, send: (i: number) => Promise<{ statusCode: number }>, batch = 250): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {}
  for (let i = 0; i < total; i += batch) {
    const answers = await Promise.all(Array.from({ length: Math.min(batch, total - i) }, async (_, j) => await send(i + j)))
    for (const { statusCode } of answers) statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
  }
  return statuses
}

describe('budgets (in process)', () => {
  it('limits requests that must be verified per IP, with 429, Retry-After and an OAuth2 body', async () => {
    const s = await setUp({ perIp: { max: 3, timeWindowMs: 60_000 }, failuresPerIp: roomy, failuresPerIdentity: roomy })
    for (let i = 0; i < 3; i++) expect((await passwordRequest(s, s.c.pdn, '10.0.0.1', 'mal')).statusCode).toBe(400)
    const res = await passwordRequest(s, s.c.pdn, '10.0.0.1', 'mal')
    expect(res.statusCode).toBe(429)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    expect(res.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'SEE_OAUTH_RATE_LIMITED' })
    expect((await passwordRequest(s, s.c.pdn, '10.0.0.2', 'mal')).statusCode).toBe(400)
  })

  it('gives the allow-listed client (the PDN) a quota of its own, whatever the IP, and other clients theirs', async () => {
    const s = await setUp({ perAllowListedClient: { max: 3, timeWindowMs: 60_000 }, perClient: { max: 1, timeWindowMs: 60_000 } })
    expect([await pdnLogin(s, '10.0.0.1'), await pdnLogin(s, '10.0.0.2'), await pdnLogin(s, '10.0.0.3'), await pdnLogin(s, '10.0.0.4')]).toEqual([200, 200, 200, 429])
    const machine = async (): Promise<number> => (await s.t.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, authorization: basic(s.c.machine.id, s.c.machine.secret) }, payload: form({ grant_type: 'client_credentials' }) })).statusCode
    expect([await machine(), await machine()]).toEqual([200, 429])
  })

  it('holds failed answers progressively longer after repeated failures, never successes', async () => {
    const s = await setUp({ delay: { freeFailures: 2, baseMs: 5, maxMs: 20, windowMs: 60_000 } })
    for (let i = 0; i < 6; i++) await passwordRequest(s, s.c.pdn, `10.1.0.${i}`, 'mal')
    expect(await pdnLogin(s)).toBe(200)
    const failures = s.store.auditEvents.filter(e => e.type === 'token.failed').map(e => e.delayMs ?? 0)
    expect(failures).toEqual([0, 0, 5, 10, 20, 20])
    expect(s.store.auditEvents.filter(e => e.type === 'token.issued').every(e => e.delayMs === undefined)).toBe(true)
  })
})

describe('finding 1: nobody can spend the PDN\'s budgets without its credentials', () => {
  it('answers the PDN 200 through 12,500 unauthorized password requests from several addresses, which never reach argon2', async () => {
    const s = await setUp({})
    expect(await pdnLogin(s)).toBe(200)
    const attackers = [s.c.machine, s.c.outsider]
    const before = s.argon2()
    const pdnStatuses: number[] = []
    const statuses = await inBatches(12_500, async i => {
      if (i % 250 === 0) pdnStatuses.push(await pdnLogin(s))
      // Valid clients of their own, not allowed the password grant, naming the PDN's user, from 5 addresses.
      return await passwordRequest(s, attackers[i % 2]!, `198.51.100.${i % 5}`, `adivinanza-${i}`)
    })
    expect(pdnStatuses.length).toBe(50)
    expect(pdnStatuses.every(status => status === 200)).toBe(true)
    expect(await pdnLogin(s)).toBe(200)
    expect((statuses[400] ?? 0) + (statuses[429] ?? 0)).toBe(12_500)
    // Each attacker's own secret is verified once; the PDN user's password never is, and the PDN's requests need none.
    expect(s.argon2() - before).toBeLessThanOrEqual(attackers.length)
    const refused = s.store.auditEvents.filter(e => e.type === 'token.failed')
    expect(refused.every(e => e.error === 'unauthorized_client' || e.error === 'temporarily_unavailable')).toBe(true)
  }, 60_000)

  it('answers the PDN 200 while others present its client id with wrong secrets from several addresses', async () => {
    const s = await setUp({ delay: { freeFailures: 3, baseMs: 1, maxMs: 2, windowMs: 60_000 } })
    expect(await pdnLogin(s)).toBe(200)
    const before = s.argon2()
    const statuses = await inBatches(300, async i => await passwordRequest(s, { id: s.c.pdn.id, secret: `robado-${i}` }, `198.51.100.${i % 5}`), 5)
    expect(await pdnLogin(s)).toBe(200)
    // Wrong secrets always pay argon2, but at most 30 per address and identity: then admission refuses them.
    expect(statuses).toEqual({ 401: 150, 429: 150 })
    expect(s.argon2() - before).toBe(150)
  }, 60_000)
})

describe('finding 2: failures are reserved at admission and argon2 is bounded', () => {
  it('refuses most of 300 concurrent bogus logins from one IP before argon2, and the PDN still gets its token', async () => {
    const s = await setUp({})
    expect(await pdnLogin(s)).toBe(200)
    const before = s.argon2()
    const bogus = Array.from({ length: 300 }, async (_, i) => await passwordRequest(s, s.c.portal, '192.0.2.66', `adivinanza-${i}`, `usuario-${i}`))
    const pdnMeanwhile = pdnLogin(s)
    const answers = await Promise.all(bogus)
    expect(await pdnMeanwhile).toBe(200)
    const evaluated = s.argon2() - before
    const count = (status: number): number => answers.filter(a => a.statusCode === status).length
    // 100 failures per IP can be reserved at once; two verifications per IP run or wait at a time.
    expect(count(429)).toBeGreaterThanOrEqual(200)
    expect(count(429) + count(503)).toBeGreaterThanOrEqual(270)
    expect(evaluated).toBeLessThanOrEqual(30)
    expect(count(400)).toBeLessThanOrEqual(evaluated)
    expect(await pdnLogin(s)).toBe(200)
  }, 30_000)
})

describe('finding 3: failures from an address never lock out a known-good identity', () => {
  it('answers the right password 200 after 31 wrong ones for the same identity from the same IP', async () => {
    const s = await setUp({ delay: { freeFailures: 100, baseMs: 1, maxMs: 1, windowMs: 60_000 } })
    const ip = '10.9.9.9'
    expect(await pdnLogin(s, ip)).toBe(200)
    const wrong = []
    for (let i = 0; i < 31; i++) wrong.push((await passwordRequest(s, s.c.pdn, ip, 'mal')).statusCode)
    expect(wrong.slice(0, 30).every(status => status === 400)).toBe(true)
    expect(wrong[30]).toBe(429)
    expect(await pdnLogin(s, ip)).toBe(200)
  })

  it('counts failures per client, username and IP: another identity failing from the same IP does not block a first login', async () => {
    const s = await setUp({ failuresPerIdentity: { max: 3, timeWindowMs: 60_000 }, delay: { freeFailures: 100, baseMs: 1, maxMs: 1, windowMs: 60_000 } })
    const ip = '10.9.9.9'
    for (let i = 0; i < 4; i++) await passwordRequest(s, s.c.pdn, ip, 'mal', 'otra-persona')
    expect((await passwordRequest(s, s.c.pdn, ip, 'mal', 'otra-persona')).statusCode).toBe(429)
    // The PDN has never logged in on this instance: its first login is verified with argon2, and admitted.
    expect(await pdnLogin(s, ip)).toBe(200)
  })

  it('refuses unverified credentials from an IP past its failure budget, but not a known-good one', async () => {
    const s = await setUp({ failuresPerIp: { max: 2, timeWindowMs: 60_000 }, delay: { freeFailures: 100, baseMs: 1, maxMs: 1, windowMs: 60_000 } })
    const ip = '10.8.8.8'
    expect(await pdnLogin(s, ip)).toBe(200)
    for (let i = 0; i < 2; i++) expect((await passwordRequest(s, s.c.pdn, ip, 'mal', `persona-${i}`)).statusCode).toBe(400)
    expect((await passwordRequest(s, s.c.portal, ip)).statusCode).toBe(429)
    expect(await pdnLogin(s, ip)).toBe(200)
    expect((await passwordRequest(s, s.c.portal, '10.8.8.9')).statusCode).toBe(200)
  })
})
