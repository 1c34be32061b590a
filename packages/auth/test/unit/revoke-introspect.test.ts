import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, buildApp, form, FORM, PDN_USER, seed, type Seeded, type TestApp } from '../support/app.js'

let t: TestApp
let c: Seeded

beforeAll(async () => {
  t = await buildApp()
  c = await seed(t.store)
})
afterAll(async () => await t.app.close())

async function post (url: string, fields: Record<string, string>, client: { id: string, secret: string } | 'anonymous' = c.portal) {
  return await t.app.inject({ method: 'POST', url, headers: { ...FORM, ...(client === 'anonymous' ? {} : { authorization: basic(client.id, client.secret) }) }, payload: form(fields) })
}

async function login (client = c.portal): Promise<{ access_token: string, refresh_token?: string }> {
  return (await post('/oauth/token', { grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password }, client)).json()
}

const read = async (accessToken: string) => await t.app.inject({ method: 'POST', url: '/v1/spic', headers: { authorization: `Bearer ${accessToken}` }, payload: {} })

describe('revocation (RFC 7009)', () => {
  it('revokes an access token: the resource refuses it afterwards', async () => {
    const { access_token: token } = await login(c.pdn)
    expect((await read(token)).statusCode).toBe(200)
    const res = await post('/oauth/revoke', { token, token_type_hint: 'access_token' }, c.pdn)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect((await read(token)).statusCode).toBe(401)
  })

  it('revoking a refresh token kills its family and the access tokens issued from it, whatever the hint', async () => {
    const tokens = await login()
    expect((await post('/oauth/revoke', { token: tokens.refresh_token!, token_type_hint: 'access_token' })).statusCode).toBe(200)
    expect((await read(tokens.access_token)).statusCode).toBe(401)
    const again = await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })
    expect(again.json().error).toBe('invalid_grant')
  })

  it('answers 200 for unknown tokens and for tokens of another client, which stay valid', async () => {
    expect((await post('/oauth/revoke', { token: 'no-es-un-token' })).statusCode).toBe(200)
    const pdnToken = (await login(c.pdn)).access_token
    expect((await post('/oauth/revoke', { token: pdnToken })).statusCode).toBe(200)
    expect((await read(pdnToken)).statusCode).toBe(200)
  })

  it('requires client authentication and a token', async () => {
    const res = await post('/oauth/revoke', { token: 'x' }, { id: c.portal.id, secret: 'mal' })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: 'invalid_client', code: 'SEE_OAUTH_INVALID_CLIENT' })
    expect(res.headers['www-authenticate']).toMatch(/^Basic /)
    expect((await post('/oauth/revoke', {})).json()).toMatchObject({ error: 'invalid_request' })
  })
})

describe('introspection (RFC 7662)', () => {
  it('describes an active access token', async () => {
    const { access_token: token } = await login(c.pdn)
    const res = await post('/oauth/introspect', { token }, c.pdn)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json()).toMatchObject({ active: true, token_type: 'Bearer', scope: 'read:spic', client_id: 'pdn', sub: PDN_USER.username, aud: 'https://see.chiapas.gob.mx/api' })
  })

  it('describes an active refresh token and answers only {active:false} once it is spent', async () => {
    const tokens = await login()
    const active = await post('/oauth/introspect', { token: tokens.refresh_token!, token_type_hint: 'refresh_token' })
    expect(active.json()).toMatchObject({ active: true, token_type: 'refresh_token', username: PDN_USER.username, client_id: 'portal' })
    await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })
    expect((await post('/oauth/introspect', { token: tokens.refresh_token! })).json()).toEqual({ active: false })
  })

  it('answers exactly {active:false} for revoked, forged, unknown and foreign tokens', async () => {
    const { access_token: revoked } = await login(c.pdn)
    await post('/oauth/revoke', { token: revoked }, c.pdn)
    const foreign = (await login(c.pdn)).access_token
    for (const [token, client] of [[revoked, c.pdn], ['a.b.c', c.pdn], ['rt_nada', c.portal], [foreign, c.portal]] as const) {
      const res = await post('/oauth/introspect', { token }, client)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ active: false })
    }
  })

  it('requires client authentication', async () => {
    const res = await post('/oauth/introspect', { token: 'x' }, 'anonymous')
    expect(res.statusCode).toBe(401)
    expect(res.json().error).toBe('invalid_client')
  })
})
