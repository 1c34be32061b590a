import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { createClient } from '@see/auth'
import { publicDocument } from '@see/openapi'
import { getJson, postJson, type JsonAnswer } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// The administration API through the real gateway: an operator holding registry:admin creates,
// lists, rotates and disables the clients and users the PDN uses, and every action is audited.

const suffix = randomBytes(4).toString('hex')
const PDN_ID = `pdn-admin-${suffix}`
const PDN_USER = `pdn-user-${suffix}`

describe('the admin API for OAuth2 clients and users', () => {
  let federation: TestFederation
  let operatorId: string
  let operator: Record<string, string>
  const secrets: string[] = []

  async function tokenRequest (fields: Record<string, string>, clientId: string, secret: string): Promise<JsonAnswer> {
    const response = await request(`${federation.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString()
    })
    return { status: response.statusCode, headers: response.headers, body: await response.body.json() }
  }

  /** The PDN's request: password grant, credentials both in Basic and in the body. */
  const pdnToken = async (clientSecret: string, password: string): Promise<JsonAnswer> =>
    await tokenRequest({ grant_type: 'password', username: PDN_USER, password, client_id: PDN_ID, client_secret: clientSecret }, PDN_ID, clientSecret)

  /** GET without a body, POST with a JSON body. */
  const admin = async (path: string, body?: unknown, headers = operator): Promise<JsonAnswer> =>
    body === undefined
      ? await getJson(`${federation.gatewayUrl}/admin/v1${path}`, headers)
      : await postJson(`${federation.gatewayUrl}/admin/v1${path}`, body, headers)

  /** An action without a body: POST with no content at all. */
  async function action (path: string): Promise<JsonAnswer> {
    const response = await request(`${federation.gatewayUrl}/admin/v1${path}`, { method: 'POST', headers: operator })
    return { status: response.statusCode, headers: response.headers, body: await response.body.json() }
  }

  beforeAll(async () => {
    federation = await startTestFederation('admin-api', { entes: 1, size: 5 })
    const created = await createClient(federation.platform.store, { name: 'Operación SESAECH (prueba)', clientId: `operador-${suffix}`, scopes: ['registry:admin'], grants: ['client_credentials'] })
    operatorId = created.client.clientId
    secrets.push(created.secret)
    const token = await tokenRequest({ grant_type: 'client_credentials' }, operatorId, created.secret)
    expect(token.status).toBe(200)
    operator = { authorization: `Bearer ${token.body.access_token}` }
  })
  afterAll(async () => await federation?.close())

  it('serves every admin operation the public OpenAPI document describes', () => {
    const documented = Object.entries(publicDocument.paths)
      .filter(([path]) => path.startsWith('/admin/v1/'))
      .flatMap(([path, item]) => Object.keys(item as object).filter(key => key !== 'parameters').map(method => ({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })))
    expect(documented.length).toBe(12)
    for (const route of documented) expect(federation.gateway.hasRoute(route as { method: 'GET', url: string }), `${route.method} ${route.url}`).toBe(true)
  })

  it('publishes the admin operations to operators only, not in the public /docs', async () => {
    const served = await getJson(`${federation.gatewayUrl}/docs/operador/json`, operator)
    expect(served.status).toBe(200)
    expect(Object.keys(served.body.paths)).toEqual(expect.arrayContaining(['/admin/v1/clientes', '/admin/v1/clientes/{clientId}/secreto', '/admin/v1/usuarios']))
    const open = await getJson(`${federation.gatewayUrl}/docs/json`)
    expect(Object.keys(open.body.paths).filter(path => path.startsWith('/admin/'))).toEqual([])
  })

  it('refuses a read:spic token with 403 insufficient_scope, and no token with 401', async () => {
    const reader = { authorization: `Bearer ${await federation.token()}` }
    const listed = await admin('/clientes', undefined, reader)
    expect(listed.status).toBe(403)
    expect(listed.headers['www-authenticate']).toMatch(/error="insufficient_scope", scope="registry:admin"/)
    expect(listed.body).toMatchObject({ code: 'SEE_AUTH_INSUFFICIENT_SCOPE' })
    const creating = await admin('/clientes', { name: 'Intruso', scopes: ['registry:admin'] }, reader)
    expect(creating.status).toBe(403)
    expect((await admin('/usuarios', undefined, {})).status).toBe(401)
  })

  let pdnSecret: string
  let pdnPassword: string

  it('creates a PDN-like client and its user, showing the secret and the generated password once', async () => {
    const created = await admin('/clientes', { name: 'PDN (prueba de administración)', clientId: PDN_ID, scopes: ['read:spic'], passwordGrant: true })
    expect(created.status).toBe(201)
    expect(created.headers['cache-control']).toBe('no-store')
    expect(created.body.client).toMatchObject({ clientId: PDN_ID, grants: ['password'], scopes: ['read:spic'], passwordGrant: true, disabled: false })
    pdnSecret = created.body.clientSecret
    expect(pdnSecret).toEqual(expect.any(String))
    secrets.push(pdnSecret)

    const user = await admin('/usuarios', { username: PDN_USER })
    expect(user.status).toBe(201)
    expect(user.body.user).toMatchObject({ username: PDN_USER, disabled: false })
    pdnPassword = user.body.password
    expect(pdnPassword.length).toBeGreaterThanOrEqual(12)
    secrets.push(pdnPassword)

    const token = await pdnToken(pdnSecret, pdnPassword)
    expect(token.status).toBe(200)
    expect((await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: 1 }, { authorization: `Bearer ${token.body.access_token}` })).status).toBe(200)
  })

  it('lists clients and users without secrets or hashes', async () => {
    const clients = await admin('/clientes')
    expect(clients.status).toBe(200)
    expect(clients.body.clients.map((c: { clientId: string }) => c.clientId)).toEqual(expect.arrayContaining([PDN_ID, operatorId]))
    const one = await admin(`/clientes/${PDN_ID}`)
    expect(one.body).toMatchObject({ clientId: PDN_ID, name: 'PDN (prueba de administración)' })
    const users = await admin('/usuarios')
    expect(users.body.users.map((u: { username: string }) => u.username)).toContain(PDN_USER)
    const text = JSON.stringify([clients.body, one.body, users.body])
    expect(text).not.toMatch(/argon2|secretHash|passwordHash|clientSecret|"password":/)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })

  it('rotates the secret: the new one works, the old one is refused', async () => {
    const rotated = await action(`/clientes/${PDN_ID}/secreto`)
    expect(rotated.status).toBe(200)
    expect(rotated.headers['cache-control']).toBe('no-store')
    expect(rotated.body.clientId).toBe(PDN_ID)
    const fresh: string = rotated.body.clientSecret
    expect(fresh).not.toBe(pdnSecret)
    secrets.push(fresh)
    const old = await pdnToken(pdnSecret, pdnPassword)
    expect(old.status).toBe(401)
    expect(old.body.error).toBe('invalid_client')
    expect((await pdnToken(fresh, pdnPassword)).status).toBe(200)
    pdnSecret = fresh
  })

  it('disables the client (token requests refused) and enables it again', async () => {
    const disabled = await action(`/clientes/${PDN_ID}/deshabilitar`)
    expect(disabled.status).toBe(200)
    expect(disabled.body).toMatchObject({ clientId: PDN_ID, disabled: true })
    const refused = await pdnToken(pdnSecret, pdnPassword)
    expect(refused.status).toBe(401)
    expect(refused.body.error).toBe('invalid_client')
    expect((await action(`/clientes/${PDN_ID}/habilitar`)).body.disabled).toBe(false)
    expect((await pdnToken(pdnSecret, pdnPassword)).status).toBe(200)
  })

  it('sets a user password, and disables and enables the user', async () => {
    const chosen = `contraseña-elegida-${suffix}`
    secrets.push(chosen)
    const set = await admin(`/usuarios/${PDN_USER}/contrasena`, { password: chosen })
    expect(set.status).toBe(200)
    expect(set.body).toEqual({ username: PDN_USER })
    expect((await pdnToken(pdnSecret, pdnPassword)).body.error).toBe('invalid_grant')
    expect((await pdnToken(pdnSecret, chosen)).status).toBe(200)

    const generated = await admin(`/usuarios/${PDN_USER}/contrasena`, {})
    expect(generated.body.password.length).toBeGreaterThanOrEqual(12)
    secrets.push(generated.body.password)
    expect((await pdnToken(pdnSecret, generated.body.password)).status).toBe(200)

    expect((await action(`/usuarios/${PDN_USER}/deshabilitar`)).body).toMatchObject({ username: PDN_USER, disabled: true })
    expect((await pdnToken(pdnSecret, generated.body.password)).body.error).toBe('invalid_grant')
    expect((await action(`/usuarios/${PDN_USER}/habilitar`)).body.disabled).toBe(false)
    expect((await pdnToken(pdnSecret, generated.body.password)).status).toBe(200)
  })

  it('answers mistakes with {code, message}: 422 invalid input, 409 duplicates, 404 unknown ids', async () => {
    const unknownScope = await admin('/clientes', { name: 'X', scopes: ['read:todo'] })
    expect(unknownScope.status).toBe(422)
    expect(unknownScope.body.code).toBe('SEE_VALIDATION')
    const badDefaults = await admin('/clientes', { name: 'X', scopes: ['read:spic'], defaultScopes: ['read:declaraciones'] })
    expect(badDefaults.status).toBe(422)
    expect(badDefaults.body).toMatchObject({ code: 'SEE_AUTH_ADMIN', message: expect.stringMatching(/predeterminados/) })
    const duplicate = await admin('/clientes', { name: 'Otra', clientId: PDN_ID, scopes: ['read:spic'] })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.code).toBe('SEE_AUTH_DUPLICATE')
    const missing = await action('/clientes/nadie-aqui/secreto')
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('SEE_AUTH_NOT_FOUND')
    expect((await action('/usuarios/nadie-aqui/deshabilitar')).status).toBe(404)
    expect((await admin('/usuarios', { username: 'corto', password: 'corta' })).status).toBe(422)
    expect((await admin('/usuarios', { username: PDN_USER })).status).toBe(409)
  })

  it('records every admin action in the auth audit with the operator, and no secret', async () => {
    const { rows } = await federation.database.pool.query<{ type: string, subject: string, client_id: string | null, jti: string | null }>(
      "SELECT type, subject, client_id, jti FROM auth_events WHERE type LIKE 'client.%' OR type LIKE 'user.%' ORDER BY id")
    expect(rows.map(r => [r.type, r.subject])).toEqual([
      ['client.created', PDN_ID],
      ['user.created', PDN_USER],
      ['client.secret_rotated', PDN_ID],
      ['client.disabled', PDN_ID],
      ['client.enabled', PDN_ID],
      ['user.password_changed', PDN_USER],
      ['user.password_changed', PDN_USER],
      ['user.disabled', PDN_USER],
      ['user.enabled', PDN_USER]
    ])
    expect(rows.every(r => r.client_id === operatorId && typeof r.jti === 'string')).toBe(true)
    const { rows: all } = await federation.database.pool.query('SELECT * FROM auth_events')
    const text = JSON.stringify(all)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })
})
