import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { officialS2, schemaErrors } from '../../../../test/support/official-specs.js'
import { startSimulator, type SimulatedProvider, type Simulator } from '../../src/index.js'
import { basic, postSpic, requestToken, token } from './client.js'

const official = officialS2()
let simulator: Simulator
let provider: SimulatedProvider

beforeAll(async () => {
  simulator = await startSimulator({ providers: [{ clave: 'ASE', nombre: 'Auditoría Superior del Estado de Chiapas', size: 20, tokenTtlSeconds: 120 }] })
  provider = simulator.provider('ASE')
})
afterAll(async () => { await simulator.close() })

describe('POST /oauth/token', () => {
  it('issues a bearer token with client credentials in Basic and in the body', async () => {
    const response = await requestToken(provider, { scope: 'spic' })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json() as Record<string, unknown>
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: 'spic' })
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{20,}$/)
  })

  it('gives a different opaque token each time', async () => {
    expect(await token(provider)).not.toBe(await token(provider))
  })

  it('accepts the client only in the body, only in Basic, and a JSON body', async () => {
    const { clientId, clientSecret, username, password } = provider.credentials
    const bodyOnly = await fetch(provider.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username, password, client_id: clientId, client_secret: clientSecret })
    })
    expect(bodyOnly.status).toBe(200)
    const basicOnly = await fetch(provider.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(clientId, clientSecret) },
      body: new URLSearchParams({ grant_type: 'password', username, password })
    })
    expect(basicOnly.status).toBe(200)
    const json = await fetch(provider.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username, password, client_id: clientId, client_secret: clientSecret })
    })
    expect(json.status).toBe(200)
  })

  it('answers 401 invalid_client when Basic and body name different clients', async () => {
    const response = await requestToken(provider, { client_id: 'otro-cliente' })
    expect(response.status).toBe(401)
    const body = await response.json()
    expect(body).toMatchObject({ error: 'invalid_client', code: 'SIM_INVALID_CLIENT' })
    expect(schemaErrors(official('resError'), body)).toEqual([])
  })

  it('answers 401 invalid_client for a wrong secret, in the body or in Basic', async () => {
    expect((await requestToken(provider, { client_secret: 'mal' })).status).toBe(401)
    const wrongBasic = await requestToken(provider, {}, basic(provider.credentials.clientId, 'mal'))
    expect(wrongBasic.status).toBe(401)
    expect(await wrongBasic.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('answers 401 invalid_client without any client credentials', async () => {
    const { username, password } = provider.credentials
    const response = await fetch(provider.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username, password })
    })
    expect(response.status).toBe(401)
  })

  it('answers 401 invalid_grant for a wrong user or password', async () => {
    for (const wrong of [{ username: 'nadie' }, { password: 'mal' }] as Array<Record<string, string>>) {
      const response = await requestToken(provider, wrong)
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ error: 'invalid_grant', code: 'SIM_INVALID_GRANT' })
    }
  })

  it('answers 400 for a grant other than password', async () => {
    const response = await requestToken(provider, { grant_type: 'client_credentials' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' })
  })
})

describe('bearer tokens on data routes', () => {
  it('answers 401 {code, message} without a token, with an unknown one and with an expired one', async () => {
    const missing = await fetch(`${provider.url}/v1/spic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(missing.status).toBe(401)
    const missingBody = await missing.json()
    expect(missingBody).toMatchObject({ code: 'SIM_TOKEN_MISSING' })
    expect(schemaErrors(official('resError'), missingBody)).toEqual([])

    const unknown = await postSpic(provider, {}, 'no-es-un-token')
    expect(unknown.status).toBe(401)
    expect(await unknown.json()).toMatchObject({ code: 'SIM_TOKEN_INVALID' })

    const issued = await token(provider)
    expect((await postSpic(provider, {}, issued)).status).toBe(200)
    provider.expireTokens()
    const expired = await postSpic(provider, {}, issued)
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ code: 'SIM_TOKEN_EXPIRED' })
  })

  it('accepts ?access_token= on dependencias', async () => {
    const response = await fetch(`${provider.url}/v1/spic/dependencias?access_token=${await token(provider)}`)
    expect(response.status).toBe(200)
    expect(await fetch(`${provider.url}/v1/spic/dependencias?access_token=mal`).then(r => r.status)).toBe(401)
  })
})
