import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, buildApp, form, FORM, PDN_USER, seed, type Seeded, type TestApp } from '../support/app.js'

let t: TestApp
let c: Seeded

beforeAll(async () => {
  t = await buildApp()
  c = await seed(t.store)
})
afterAll(async () => await t.app.close())

async function post (url: string, fields: Record<string, string>, client = c.portal) {
  return await t.app.inject({ method: 'POST', url, headers: { ...FORM, authorization: basic(client.id, client.secret) }, payload: form(fields) })
}

async function login (scope?: string): Promise<{ access_token: string, refresh_token: string }> {
  const res = await post('/oauth/token', { grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password, ...(scope === undefined ? {} : { scope }) })
  expect(res.statusCode).toBe(200)
  return res.json()
}

const refresh = async (refreshToken: string, extra: Record<string, string> = {}, client = c.portal) =>
  await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }, client)

const read = async (accessToken: string) =>
  await t.app.inject({ method: 'POST', url: '/v1/spic', headers: { authorization: `Bearer ${accessToken}` }, payload: {} })

describe('refresh_token grant', () => {
  it('rotates the refresh token on every use', async () => {
    const first = await login()
    const second = await refresh(first.refresh_token)
    expect(second.statusCode).toBe(200)
    expect(second.headers['cache-control']).toBe('no-store')
    const body = second.json()
    expect(body.refresh_token).toMatch(/^rt_/)
    expect(body.refresh_token).not.toBe(first.refresh_token)
    expect(body.scope).toBe('read:spic')
    expect((await refresh(body.refresh_token)).statusCode).toBe(200)
  })

  it('revokes the whole family when a spent refresh token comes back, access tokens included', async () => {
    const first = await login()
    const second = (await refresh(first.refresh_token)).json()
    expect((await read(second.access_token)).statusCode).toBe(200)
    const replay = await refresh(first.refresh_token)
    expect(replay.statusCode).toBe(400)
    expect(replay.json().error).toBe('invalid_grant')
    expect((await refresh(second.refresh_token)).json().error).toBe('invalid_grant')
    const denied = await read(second.access_token)
    expect(denied.statusCode).toBe(401)
    expect(denied.headers['www-authenticate']).toContain('error="invalid_token"')
    expect((await read(first.access_token)).statusCode).toBe(401)
  })

  it('narrows the scope on request and never goes beyond the original grant (RFC 6749 §6)', async () => {
    const both = await login('read:spic read:declaraciones')
    const narrowed = await refresh(both.refresh_token, { scope: 'read:spic' })
    expect(narrowed.json().scope).toBe('read:spic')
    const widened = await refresh(narrowed.json().refresh_token, { scope: 'read:spic read:ssancionados' })
    expect(widened.json().error).toBe('invalid_scope')
    // a refused scope does not spend the token; without scope the original grant comes back
    const original = await refresh(narrowed.json().refresh_token)
    expect(original.json().scope).toBe('read:spic read:declaraciones')
  })

  it('refuses another client\'s refresh token without spending it', async () => {
    const { refresh_token: token } = await login()
    const { createClient } = await import('../../src/index.js')
    const other = await createClient(t.store, { clientId: 'other-portal', name: 'Otro', scopes: ['read:spic'], grants: ['password', 'refresh_token'], passwordGrant: true })
    expect((await refresh(token, {}, { id: 'other-portal', secret: other.secret })).json().error).toBe('invalid_grant')
    expect((await refresh(token)).statusCode).toBe(200)
  })

  it('refuses unknown and missing refresh tokens', async () => {
    expect((await refresh('rt_desconocido')).json().error).toBe('invalid_grant')
    expect((await post('/oauth/token', { grant_type: 'refresh_token' })).json().error).toBe('invalid_request')
  })

  it('ends the family when the user was disabled', async () => {
    const { createUser } = await import('../../src/index.js')
    await createUser(t.store, 'temporal', 'contraseña-temporal-larga')
    const res = await post('/oauth/token', { grant_type: 'password', username: 'temporal', password: 'contraseña-temporal-larga' })
    await t.store.setUserDisabled('temporal', true)
    expect((await refresh(res.json().refresh_token)).json().error).toBe('invalid_grant')
    expect((await read(res.json().access_token)).statusCode).toBe(401)
  })
})
