import { describe, expect, it } from 'vitest'
import { basic, buildApp, form, FORM, PDN_USER, seed } from '../support/app.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import type { AuditEvent } from '../../src/index.js'

describe('audit trail', () => {
  it('records every token event, with identifiers only and never a secret or token', async () => {
    const store = memoryAuthStore()
    const sunk: AuditEvent[] = []
    const t = await buildApp({ store, audit: event => { sunk.push(event) } })
    try {
      const c = await seed(store)
      const secrets = [c.pdn.secret, c.portal.secret, PDN_USER.password]
      const post = async (url: string, fields: Record<string, string>, client = c.portal) =>
        await t.app.inject({ method: 'POST', url, headers: { ...FORM, authorization: basic(client.id, client.secret) }, payload: form(fields) })
      const issued = (await post('/oauth/token', { grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password })).json()
      secrets.push(issued.access_token, issued.refresh_token)
      const refreshed = (await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: issued.refresh_token })).json()
      secrets.push(refreshed.access_token, refreshed.refresh_token)
      await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: issued.refresh_token })
      await post('/oauth/token', { grant_type: 'password', username: PDN_USER.username, password: 'contraseña-equivocada' })
      secrets.push('contraseña-equivocada')
      const fresh = (await post('/oauth/token', { grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password }, c.pdn)).json()
      secrets.push(fresh.access_token)
      await post('/oauth/introspect', { token: fresh.access_token }, c.pdn)
      await post('/oauth/revoke', { token: fresh.access_token }, c.pdn)

      expect(sunk.map(e => e.type)).toEqual(['token.issued', 'token.refreshed', 'refresh.reuse_detected', 'token.failed', 'token.failed', 'token.issued', 'token.introspected', 'token.revoked'])
      expect(sunk[0]).toMatchObject({ grantType: 'password', clientId: 'portal', subject: PDN_USER.username, scope: 'read:spic', ip: expect.any(String), requestId: expect.any(String), jti: expect.any(String), familyId: expect.any(String) })
      expect(sunk[3]).toMatchObject({ type: 'token.failed', error: 'invalid_grant', grantType: 'refresh_token' })
      const text = JSON.stringify(sunk)
      for (const secret of secrets) expect(text).not.toContain(secret)
      // With a sink given, the store's table is not written twice.
      expect(store.auditEvents).toHaveLength(0)
    } finally {
      await t.app.close()
    }
  })

  it('goes to the store when no sink is given, and a failing sink never breaks token issue', async () => {
    const store = memoryAuthStore()
    const t = await buildApp({ store })
    const broken = await buildApp({ audit: () => { throw new Error('sink down') } })
    try {
      const c = await seed(store)
      const payload = form({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password })
      await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, authorization: basic(c.pdn.id, c.pdn.secret) }, payload })
      expect(store.auditEvents.map(e => e.type)).toEqual(['token.issued'])
      const c2 = await seed(broken.store)
      const res = await broken.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, authorization: basic(c2.pdn.id, c2.pdn.secret) }, payload })
      expect(res.statusCode).toBe(200)
    } finally {
      await t.app.close()
      await broken.app.close()
    }
  })
})
