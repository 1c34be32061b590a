import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { basic, buildApp, form, FORM, PDN_USER, seed, type Seeded, type TestApp } from '../support/app.js'

let t: TestApp
let c: Seeded

beforeAll(async () => {
  t = await buildApp()
  c = await seed(t.store)
})
afterAll(async () => await t.app.close())

async function token (fields: Record<string, string>, headers: Record<string, string> = {}, url = '/oauth/token') {
  return await t.app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: form(fields) })
}

const pdnBody = (): Record<string, string> => ({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password, client_id: c.pdn.id, client_secret: c.pdn.secret })

function expectOAuthError (res: Awaited<ReturnType<typeof token>>, status: number, error: string, code: string): void {
  expect(res.statusCode).toBe(status)
  const body = res.json()
  expect(body).toMatchObject({ error, code })
  expect(typeof body.message).toBe('string')
  expect(body.error_description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]+$/)
  expect(res.headers['cache-control']).toBe('no-store')
}

describe('password grant as the PDN sends it', () => {
  it('issues a bearer token with Basic AND body credentials, form-encoded, without cache', async () => {
    const res = await token(pdnBody(), { authorization: basic(c.pdn.id, c.pdn.secret) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers.pragma).toBe('no-cache')
    const body = res.json()
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900, scope: 'read:spic' })
    const header = decodeProtectedHeader(body.access_token)
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: t.keys.jwks().keys[0]?.kid })
    const claims = decodeJwt(body.access_token)
    expect(claims).toMatchObject({ iss: 'https://see.chiapas.gob.mx', aud: 'https://see.chiapas.gob.mx/api', sub: PDN_USER.username, client_id: 'pdn', scope: 'read:spic' })
    expect(claims.exp! - claims.iat!).toBe(900)
    expect(typeof claims.jti).toBe('string')
  })

  it('answers the same on POST /oauth, the path the SESNA specs name, and to JSON bodies', async () => {
    expect((await token(pdnBody(), {}, '/oauth')).statusCode).toBe(200)
    const json = await t.app.inject({ method: 'POST', url: '/oauth/token', payload: pdnBody() })
    expect(json.statusCode).toBe(200)
  })

  it('accepts media types with a charset parameter, and refuses an empty request with invalid_request', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }, payload: form(pdnBody()) })
    expect(res.statusCode).toBe(200)
    expectOAuthError(await t.app.inject({ method: 'POST', url: '/oauth/token' }), 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
    expectOAuthError(await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' }), 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
  })

  it('ignores unknown parameters (RFC 6749 §3.2)', async () => {
    expect((await token({ ...pdnBody(), foo: 'bar', response_type: 'x' })).statusCode).toBe(200)
  })

  it('accepts Basic alone and body alone', async () => {
    const { client_id: _id, client_secret: _secret, ...bare } = pdnBody()
    expect((await token(bare, { authorization: basic(c.pdn.id, c.pdn.secret) })).statusCode).toBe(200)
    expect((await token(pdnBody())).statusCode).toBe(200)
  })

  it('decodes form-urlencoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    const encoded = `Basic ${Buffer.from(`${encodeURIComponent(c.pdn.id)}:${encodeURIComponent(c.pdn.secret)}`).toString('base64')}`
    const { client_id: _id, client_secret: _secret, ...bare } = pdnBody()
    expect((await token(bare, { authorization: encoded })).statusCode).toBe(200)
  })
})

describe('client_credentials grant', () => {
  it('issues the default scopes and never a refresh token', async () => {
    const res = await token({ grant_type: 'client_credentials' }, { authorization: basic(c.machine.id, c.machine.secret) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900, scope: 'read:ssancionados' })
    expect(decodeJwt(res.json().access_token).sub).toBe('machine')
  })

  it('grants exactly the scopes asked when allowed', async () => {
    const res = await token({ grant_type: 'client_credentials', scope: 'read:spic read:ssancionados' }, { authorization: basic(c.machine.id, c.machine.secret) })
    expect(res.json().scope).toBe('read:spic read:ssancionados')
  })
})

describe('clients bound to an ente', () => {
  it('carry the ente clave in their tokens', async () => {
    const { createClient } = await import('../../src/index.js')
    const bound = await createClient(t.store, { clientId: 'ente-sech', name: 'SECH', scopes: ['registry:ente'], enteClave: 'SECH' })
    const res = await token({ grant_type: 'client_credentials' }, { authorization: basic('ente-sech', bound.secret) })
    expect(decodeJwt(res.json().access_token)).toMatchObject({ sub: 'ente-sech', scope: 'registry:ente', ente: 'SECH' })
  })
})

describe('refresh tokens are issued only to clients allowed to refresh', () => {
  it('the portal gets one with the password grant', async () => {
    const res = await token({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password }, { authorization: basic(c.portal.id, c.portal.secret) })
    expect(res.json().refresh_token).toMatch(/^rt_/)
  })
})

describe('RFC 6749 §5.2 errors, each with its status and the platform code', () => {
  it('invalid_request: missing grant_type, missing username, mismatched Basic and body, wrong media type, repeated parameter', async () => {
    expectOAuthError(await token({ username: 'x' }, { authorization: basic(c.pdn.id, c.pdn.secret) }), 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
    expectOAuthError(await token({ grant_type: 'password', password: 'x' }, { authorization: basic(c.pdn.id, c.pdn.secret) }), 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
    expectOAuthError(await token({ ...pdnBody(), client_id: c.portal.id }, { authorization: basic(c.pdn.id, c.pdn.secret) }), 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
    expectOAuthError(await token({ ...pdnBody(), client_secret: 'otro' }, { authorization: basic(c.pdn.id, c.pdn.secret) }), 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
    const text = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'text/plain' }, payload: 'grant_type=password' })
    expectOAuthError(text, 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
    const repeated = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: FORM, payload: `${form(pdnBody())}&grant_type=password` })
    expectOAuthError(repeated, 400, 'invalid_request', 'SEE_OAUTH_INVALID_REQUEST')
  })

  it('invalid_client with Basic: 401 and a Basic challenge', async () => {
    const res = await token({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password }, { authorization: basic(c.pdn.id, 'mal') })
    expectOAuthError(res, 401, 'invalid_client', 'SEE_OAUTH_INVALID_CLIENT')
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="SEE"/)
  })

  it('invalid_client in the body, unknown client, no authentication: 401 without a Basic challenge', async () => {
    for (const fields of [
      { ...pdnBody(), client_secret: 'mal' },
      { ...pdnBody(), client_id: 'nadie' },
      { grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password },
      { grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password, client_id: c.pdn.id }
    ] as Array<Record<string, string>>) {
      const res = await token(fields)
      expectOAuthError(res, 401, 'invalid_client', 'SEE_OAUTH_INVALID_CLIENT')
      expect(res.headers['www-authenticate']).toBeUndefined()
    }
  })

  it('invalid_client for a disabled client even with the right secret', async () => {
    const extra = await import('../../src/index.js').then(async m => await m.createClient(t.store, { clientId: 'retired', name: 'Retirado', scopes: ['read:spic'] }))
    await t.store.setClientDisabled('retired', true)
    expectOAuthError(await token({ grant_type: 'client_credentials' }, { authorization: basic('retired', extra.secret) }), 401, 'invalid_client', 'SEE_OAUTH_INVALID_CLIENT')
  })

  it('invalid_grant: wrong password, unknown user, disabled user', async () => {
    expectOAuthError(await token({ ...pdnBody(), password: 'incorrecta' }), 400, 'invalid_grant', 'SEE_OAUTH_INVALID_GRANT')
    expectOAuthError(await token({ ...pdnBody(), username: 'nadie' }), 400, 'invalid_grant', 'SEE_OAUTH_INVALID_GRANT')
    const { createUser } = await import('../../src/index.js')
    await createUser(t.store, 'baja', 'una-contraseña-larga')
    await t.store.setUserDisabled('baja', true)
    expectOAuthError(await token({ ...pdnBody(), username: 'baja', password: 'una-contraseña-larga' }), 400, 'invalid_grant', 'SEE_OAUTH_INVALID_GRANT')
  })

  it('unauthorized_client: password grant off the allow-list, a grant the client lacks', async () => {
    expectOAuthError(await token({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password }, { authorization: basic(c.outsider.id, c.outsider.secret) }), 400, 'unauthorized_client', 'SEE_OAUTH_UNAUTHORIZED_CLIENT')
    expectOAuthError(await token({ grant_type: 'client_credentials' }, { authorization: basic(c.pdn.id, c.pdn.secret) }), 400, 'unauthorized_client', 'SEE_OAUTH_UNAUTHORIZED_CLIENT')
    expectOAuthError(await token({ grant_type: 'refresh_token', refresh_token: 'rt_x' }, { authorization: basic(c.pdn.id, c.pdn.secret) }), 400, 'unauthorized_client', 'SEE_OAUTH_UNAUTHORIZED_CLIENT')
  })

  it('unsupported_grant_type', async () => {
    expectOAuthError(await token({ grant_type: 'authorization_code', code: 'x' }, { authorization: basic(c.pdn.id, c.pdn.secret) }), 400, 'unsupported_grant_type', 'SEE_OAUTH_UNSUPPORTED_GRANT_TYPE')
  })

  it('invalid_scope: unknown, not allowed for the client, malformed', async () => {
    expectOAuthError(await token({ ...pdnBody(), scope: 'read:todo' }), 400, 'invalid_scope', 'SEE_OAUTH_INVALID_SCOPE')
    expectOAuthError(await token({ ...pdnBody(), scope: 'read:declaraciones' }), 400, 'invalid_scope', 'SEE_OAUTH_INVALID_SCOPE')
    expectOAuthError(await token({ ...pdnBody(), scope: 'read:spic "x"' }), 400, 'invalid_scope', 'SEE_OAUTH_INVALID_SCOPE')
  })
})

describe('JWKS', () => {
  it('publishes the public keys only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
    expect(res.statusCode).toBe(200)
    const [key] = res.json().keys
    expect(key).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' })
  })
})
