import type { FastifyRequest } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { basic, buildApp, form, FORM, seed, type TestApp } from '../support/app.js'
import { checkPassword, hashSecret, OAuthError, type AuditEvent } from '../../src/index.js'
import { memoryAuthStore } from '../../src/store/memory.js'

// Sign-ins by password outside the token endpoint (the gateway's ente pages) spend the token
// endpoint's own budgets: one throttle for both, so neither is a way around the other.

const roomy = { max: 100_000, timeWindowMs: 60_000 }
let t: TestApp | undefined
afterEach(async () => await t?.app.close())

const from = (ip: string): FastifyRequest => ({ ip, id: 'req-1' }) as unknown as FastifyRequest

describe('password sign-in under the token endpoint throttle', () => {
  it('accepts the right password, refuses a wrong one and audits the failure without the password', async () => {
    const events: AuditEvent[] = []
    t = await buildApp({ audit: async (event) => { events.push(event) } })
    const passwordHash = await hashSecret('una-contraseña-larga')
    const attempt = { clientId: 'see-ente-pages', username: 'ana@ente.gob.mx', passwordHash }
    expect(await t.app.oauth.passwordSignIn(from('203.0.113.7'), { ...attempt, password: 'una-contraseña-larga' })).toBe(true)
    expect(await t.app.oauth.passwordSignIn(from('203.0.113.7'), { ...attempt, password: 'otra-contraseña-mala' })).toBe(false)
    expect(await t.app.oauth.passwordSignIn(from('203.0.113.7'), { ...attempt, passwordHash: undefined, password: 'una-contraseña-larga' })).toBe(false)
    // Closing flushes the audit queue.
    await t.app.close()
    t = undefined
    const failed = events.filter(e => e.type === 'token.failed')
    expect(failed).toHaveLength(2)
    expect(failed[0]).toMatchObject({ clientId: 'see-ente-pages', subject: 'ana@ente.gob.mx', ip: '203.0.113.7' })
    expect(JSON.stringify(events)).not.toContain('contraseña')
  })

  it('refuses with 429 once the identity has spent its failures, and its failures count on the token endpoint too', async () => {
    const store = memoryAuthStore()
    t = await buildApp({ store, rateLimit: { perIp: roomy, perClient: roomy, failuresPerIdentity: { max: 3, timeWindowMs: 60_000 }, failuresPerIp: { max: 5, timeWindowMs: 60_000 }, delay: { freeFailures: 100, baseMs: 1, maxMs: 1, windowMs: 60_000 } } })
    const c = await seed(store)
    const passwordHash = await hashSecret('una-contraseña-larga')
    const attempt = { clientId: 'see-ente-pages', username: 'ana@ente.gob.mx', passwordHash, password: 'equivocada-otra-vez' }
    for (let i = 0; i < 3; i++) expect(await t.app.oauth.passwordSignIn(from('203.0.113.8'), attempt)).toBe(false)
    // The identity's failures are spent: even the right password waits.
    const refused = await t.app.oauth.passwordSignIn(from('203.0.113.8'), { ...attempt, password: 'una-contraseña-larga' }).catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(OAuthError)
    expect((refused as OAuthError).statusCode).toBe(429)
    expect((refused as OAuthError).retryAfter).toBeGreaterThan(0)
    // Two more failures (another username) spend the address's budget, which the token endpoint shares.
    for (let i = 0; i < 2; i++) expect(await t.app.oauth.passwordSignIn(from('203.0.113.8'), { ...attempt, username: 'otro@ente.gob.mx' })).toBe(false)
    const token = await t.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: '203.0.113.8', headers: { ...FORM, authorization: basic(c.machine.id, 'secreto-equivocado') }, payload: form({ grant_type: 'client_credentials' }) })
    expect(token.statusCode).toBe(429)
    // Another address is untouched.
    expect(await t.app.oauth.passwordSignIn(from('203.0.113.9'), { ...attempt, password: 'una-contraseña-larga' })).toBe(true)
  })

  it('applies the platform password rules', () => {
    expect(() => checkPassword('corta')).toThrow(/al menos 12 caracteres/)
    expect(() => checkPassword('x'.repeat(201))).toThrow(/200 caracteres/)
    expect(() => checkPassword('una-contraseña-larga')).not.toThrow()
  })
})
