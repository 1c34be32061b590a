import { randomBytes } from 'node:crypto'
import { request } from 'undici'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createClient, createUser } from '@see/auth'
import { openRegistry, wireGateway, type OpenedRegistry } from '@see/gateway'
import { postJson, type JsonAnswer } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

type Gateway = Awaited<ReturnType<typeof wireGateway>>['app']

// Disabling a client, rotating its secret or revoking its tokens through the admin API of one
// gateway instance refuses the client's tokens at once on every instance sharing Redis.

const suffix = randomBytes(4).toString('hex')
const redisPrefix = process.env.REDIS_URL ? `see-test:${randomBytes(4).toString('hex')}:` : undefined

describe.runIf(redisPrefix !== undefined)('revoking a client\'s tokens on two gateway instances sharing Redis', () => {
  let federation: TestFederation
  let second: Gateway
  let secondUrl: string
  let opened: OpenedRegistry
  let operator: Record<string, string>
  const portal = { id: `portal-${suffix}`, secret: '' }
  const user = { username: `usuario-${suffix}`, password: `contraseña-${suffix}-larga` }

  /** A token request; a 503 (the server shedding load on a busy test machine) is retried as its Retry-After says. */
  async function tokenRequest (base: string, fields: Record<string, string>, clientId: string, secret: string): Promise<JsonAnswer> {
    for (let attempt = 1; ; attempt++) {
      const response = await request(`${base}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString()
      })
      const answer = { status: response.statusCode, headers: response.headers, body: await response.body.json() as Record<string, string> }
      if (answer.status !== 503 || attempt === 3) return answer
      await sleep(Number(answer.headers['retry-after']) * 1000)
    }
  }
  const portalLogin = async (base = federation.gatewayUrl): Promise<JsonAnswer> =>
    await tokenRequest(base, { grant_type: 'password', ...user }, portal.id, portal.secret)
  const read = async (base: string, accessToken: string): Promise<number> =>
    (await postJson(`${base}/v1/spic`, { pageSize: 1 }, { authorization: `Bearer ${accessToken}` })).status
  const readOnBoth = async (accessToken: string): Promise<number[]> => [await read(federation.gatewayUrl, accessToken), await read(secondUrl, accessToken)]
  async function admin (path: string): Promise<JsonAnswer> {
    const response = await request(`${federation.gatewayUrl}/admin/v1${path}`, { method: 'POST', headers: operator })
    return { status: response.statusCode, headers: response.headers, body: await response.body.json() }
  }

  beforeAll(async () => {
    federation = await startTestFederation('admin-client-revocation', { entes: 1, size: 5, redisPrefix: redisPrefix! })
    const { platform } = federation
    const op = await createClient(platform.store, { name: 'Operación (prueba)', clientId: `operador-${suffix}`, scopes: ['registry:admin'], grants: ['client_credentials'] })
    const operatorToken = await tokenRequest(federation.gatewayUrl, { grant_type: 'client_credentials' }, op.client.clientId, op.secret)
    expect(operatorToken.body).toMatchObject({ token_type: 'Bearer' })
    operator = { authorization: `Bearer ${operatorToken.body.access_token}` }
    const created = await createClient(platform.store, { name: 'Portal (prueba)', clientId: portal.id, scopes: ['read:spic'], grants: ['password', 'refresh_token'], passwordGrant: true })
    portal.secret = created.secret
    await createUser(platform.store, user.username, user.password)

    // A second instance of the same deployment: same database, keys, issuer and Redis prefix.
    opened = await openRegistry({ pool: federation.database.pool, keys: federation.registry.ctx.keys, urlPolicy: federation.registry.ctx.urlPolicy, redis: platform.redis!, redisPrefix: redisPrefix!, refreshMs: 0 })
    const issuer = federation.gatewayUrl.replace(/:\d+$/, ':0')
    second = (await wireGateway({
      platform,
      services: federation.services.map(({ system, running }) => ({ system, url: running.url })),
      registry: opened,
      publicUrl: issuer,
      redisPrefix: redisPrefix!,
      logger: false
    })).app
    secondUrl = await second.listen({ port: 0, host: '127.0.0.1' })
  })

  afterAll(async () => {
    await second?.close()
    await opened?.close()
    await federation?.close()
  })

  it('refuses a disabled client\'s access token at once on both instances, and its refresh token', async () => {
    const issued = await portalLogin(secondUrl)
    expect(issued.body).toMatchObject({ token_type: 'Bearer' })
    expect(await readOnBoth(issued.body.access_token!)).toEqual([200, 200])

    const disabled = await admin(`/clientes/${portal.id}/deshabilitar`)
    expect(disabled.body).toMatchObject({ disabled: true })
    expect(disabled.body.disabled).toBe(true)
    expect(await readOnBoth(issued.body.access_token)).toEqual([401, 401])
    expect((await portalLogin(secondUrl)).status).toBe(401)

    expect((await admin(`/clientes/${portal.id}/habilitar`)).status).toBe(200)
    // Enabled again (the other instance may keep the disabled row up to 1 s): the old tokens stay
    // revoked, access and refresh; new ones work everywhere.
    expect(await readOnBoth(issued.body.access_token)).toEqual([401, 401])
    await vi.waitFor(async () => {
      const refreshed = await tokenRequest(secondUrl, { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token! }, portal.id, portal.secret)
      expect(refreshed.body.error).toBe('invalid_grant')
    }, { timeout: 5_000, interval: 200 })
    const fresh = await portalLogin(secondUrl)
    expect(await readOnBoth(fresh.body.access_token)).toEqual([200, 200])
  })

  it('revokes every token of a client on demand, leaving it able to get new ones', async () => {
    const before = await portalLogin()
    expect(await readOnBoth(before.body.access_token)).toEqual([200, 200])
    const revoked = await admin(`/clientes/${portal.id}/revocar-tokens`)
    expect(revoked.status).toBe(200)
    expect(revoked.headers['cache-control']).toBe('no-store')
    expect(revoked.body).toEqual({ clientId: portal.id, revokedBefore: expect.any(String) })
    expect(Date.parse(revoked.body.revokedBefore)).toBeLessThanOrEqual(Date.now())
    expect(await readOnBoth(before.body.access_token)).toEqual([401, 401])
    const after = await portalLogin(secondUrl)
    expect(after.status).toBe(200)
    expect(await readOnBoth(after.body.access_token)).toEqual([200, 200])
    expect((await admin('/clientes/nadie-aqui/revocar-tokens')).status).toBe(404)
  })

  it('revokes the tokens issued under a secret when it is rotated', async () => {
    const before = await portalLogin(secondUrl)
    const rotated = await admin(`/clientes/${portal.id}/secreto`)
    expect(rotated.status).toBe(200)
    portal.secret = rotated.body.clientSecret
    expect(await readOnBoth(before.body.access_token)).toEqual([401, 401])
    const refreshed = await tokenRequest(federation.gatewayUrl, { grant_type: 'refresh_token', refresh_token: before.body.refresh_token! }, portal.id, portal.secret)
    expect(refreshed.body.error).toBe('invalid_grant')
    expect((await portalLogin(secondUrl)).status).toBe(200)
  })

  it('records the revocation with the operator in the audit trail', async () => {
    const { rows } = await federation.database.pool.query<{ type: string, client_id: string }>(
      "SELECT type, client_id FROM auth_events WHERE subject = $1 AND type LIKE 'client.%' ORDER BY id", [portal.id])
    expect(rows.map(r => r.type)).toEqual(['client.disabled', 'client.enabled', 'client.tokens_revoked', 'client.secret_rotated'])
    expect(rows.every(r => r.client_id === `operador-${suffix}`)).toBe(true)
  })
})
