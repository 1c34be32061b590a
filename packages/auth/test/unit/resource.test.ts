import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, buildApp, form, FORM, PDN_USER, seed, type Seeded, type TestApp } from '../support/app.js'

let t: TestApp
let c: Seeded
let s2Token: string
let s1Token: string

beforeAll(async () => {
  t = await buildApp()
  c = await seed(t.store)
  const issue = async (scope: string): Promise<string> => (await t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { ...FORM, authorization: basic(c.portal.id, c.portal.secret) },
    payload: form({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password, scope })
  })).json().access_token
  s2Token = await issue('read:spic')
  s1Token = await issue('read:declaraciones')
})
afterAll(async () => await t.app.close())

describe('resource routes (RFC 6750)', () => {
  it('answers 401 with a bare Bearer challenge and {code, message} when no token comes', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/spic', payload: {} })
    expect(res.statusCode).toBe(401)
    expect(res.headers['www-authenticate']).toBe('Bearer realm="SEE", scope="read:spic"')
    expect(res.json()).toEqual({ code: 'SEE_AUTH_TOKEN_MISSING', message: expect.any(String) })
  })

  it('answers 401 invalid_token for a bad token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/spic', headers: { authorization: 'Bearer abc.def.ghi' }, payload: {} })
    expect(res.statusCode).toBe(401)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="SEE", error="invalid_token", error_description="[^"]*"$/)
    expect(res.json().code).toBe('SEE_AUTH_INVALID_TOKEN')
  })

  it('keeps systems apart: an S2 token cannot read S1 (403 insufficient_scope) and an S1 token cannot read S2', async () => {
    const s1WithS2 = await t.app.inject({ method: 'POST', url: '/v2/declaraciones', headers: { authorization: `Bearer ${s2Token}` }, payload: {} })
    expect(s1WithS2.statusCode).toBe(403)
    expect(s1WithS2.headers['www-authenticate']).toBe('Bearer realm="SEE", error="insufficient_scope", scope="read:declaraciones"')
    expect(s1WithS2.json().code).toBe('SEE_AUTH_INSUFFICIENT_SCOPE')
    expect((await t.app.inject({ method: 'POST', url: '/v1/spic', headers: { authorization: `Bearer ${s1Token}` }, payload: {} })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'POST', url: '/v2/declaraciones', headers: { authorization: `Bearer ${s1Token}` }, payload: {} })).statusCode).toBe(200)
  })

  it('accepts ?access_token= on GET, strips it before the handler, and not on POST', async () => {
    const get = await t.app.inject({ method: 'GET', url: `/v1/spic/dependencias?access_token=${s2Token}` })
    expect(get.statusCode).toBe(200)
    expect(get.json()).toEqual([{ nombre: 'Ok', clave: PDN_USER.username }])
    const post = await t.app.inject({ method: 'POST', url: `/v1/spic?access_token=${s2Token}`, payload: {} })
    expect(post.statusCode).toBe(401)
  })

  it('refuses a token sent both in the header and the query (400 invalid_request)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/spic/dependencias?access_token=${s2Token}`, headers: { authorization: `Bearer ${s2Token}` } })
    expect(res.statusCode).toBe(400)
    expect(res.headers['www-authenticate']).toContain('error="invalid_request"')
  })

  it('exposes the verifier for other code', async () => {
    await expect(t.app.oauth.verifyAccessToken(s2Token, { requiredScope: 'read:spic' })).resolves.toMatchObject({ client_id: 'portal' })
    await expect(t.app.oauth.verifyAccessToken(s2Token, { audience: 'otra' })).rejects.toMatchObject({ code: 'SEE_AUTH_INVALID_TOKEN' })
  })
})
