import { SYSTEMS } from '@see/systems'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as oauth from 'oauth4webapi'
import { request } from 'undici'
import { officialS2, schemaErrors } from '../support/official-specs.js'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

const s2 = officialS2()

describe('the PDN as an OAuth2 client of the gateway', () => {
  let federation: TestFederation

  beforeAll(async () => {
    federation = await startTestFederation('pdn-auth', { entes: 3, size: 10 })
  })
  afterAll(async () => await federation.close())

  async function pdnToken (secret: string): Promise<{ status: number, headers: Record<string, unknown>, body: any }> {
    const { clientId, username, password } = federation.credentials
    const response = await request(`${federation.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username, password, client_id: clientId, client_secret: secret }).toString()
    })
    return { status: response.statusCode, headers: response.headers, body: await response.body.json() }
  }

  it('issues a token to a PDN-style request (Basic and body, form-urlencoded) and accepts it on /v1/spic', async () => {
    const token = await pdnToken(federation.credentials.clientSecret)
    expect(token.status).toBe(200)
    expect(token.headers['cache-control']).toBe('no-store')
    // The demo client reads every federated system, one scope each.
    expect(token.body).toMatchObject({ token_type: 'Bearer', scope: SYSTEMS.map(s => s.scope).join(' ') })
    expect(token.body.expires_in).toBeGreaterThan(0)
    const answer = await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: 5 }, { authorization: `Bearer ${token.body.access_token}` })
    expect(answer.status).toBe(200)
    expect(schemaErrors(s2('resSpic'), answer.body)).toEqual([])
    expect(answer.body.pagination.totalRows).toBe(30)
  })

  it('refuses a wrong client secret with 401 and {code, message}', async () => {
    const token = await pdnToken('not-the-secret')
    expect(token.status).toBe(401)
    expect(token.body).toMatchObject({ error: 'invalid_client', code: expect.any(String), message: expect.any(String) })
  })

  it('answers 401 {code, message} to /v1/spic without a token or with a forged one', async () => {
    const none = await postJson(`${federation.gatewayUrl}/v1/spic`, {})
    expect(none.status).toBe(401)
    expect(schemaErrors(s2('resError'), none.body)).toEqual([])
    const forged = await postJson(`${federation.gatewayUrl}/v1/spic`, {}, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' })
    expect(forged.status).toBe(401)
    expect(forged.headers['www-authenticate']).toMatch(/invalid_token/)
  })

  it('serves a client written with an independent OAuth2 library (oauth4webapi)', async () => {
    const { clientId, clientSecret, username, password } = federation.credentials
    const as: oauth.AuthorizationServer = { issuer: 'see', token_endpoint: `${federation.gatewayUrl}/oauth/token` }
    const client: oauth.Client = { client_id: clientId }
    const response = await oauth.genericTokenEndpointRequest(as, client, oauth.ClientSecretBasic(clientSecret), 'password', { username, password }, { [oauth.allowInsecureRequests]: true })
    const result = await oauth.processGenericTokenEndpointResponse(as, client, response)
    const answer = await postJson(`${federation.gatewayUrl}/v1/spic`, { pageSize: 1 }, { authorization: `Bearer ${result.access_token}` })
    expect(answer.status).toBe(200)
  })

  it('keeps the S2 service closed to anyone but the gateway', async () => {
    const direct = await postJson(`${federation.service('s2').url}/internal/v1/s2/batch`, { timeoutMs: 1000, requests: [] })
    expect(direct.status).toBe(401)
    const withPdnToken = await postJson(`${federation.service('s2').url}/internal/v1/s2/batch`, { timeoutMs: 1000, requests: [] }, await federation.bearer())
    expect(withPdnToken.status).toBe(401)
  })
})
