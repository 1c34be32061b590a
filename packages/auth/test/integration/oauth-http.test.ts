import { randomBytes } from 'node:crypto'
import { migrate } from '@see/db'
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@see/db/testing'
import { closeRedis, createRedisClient } from '@see/redis'
import { redisForTests } from '@see/redis/testing'
import type { Redis } from 'ioredis'
import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyRing, postgresAuthStore, type AuthStore, type OAuthServerOptions } from '../../src/index.js'
import { AUDIENCE, basic, buildApp, ISSUER, PDN_USER, seed, type Seeded, type TestApp } from '../support/app.js'

// Two gateway instances share the database, the signing keys and Redis, as in production. Without
// Redis (outside CI) the cases that need it are skipped and the rest run on one in-process instance.
const FILE = 'auth/oauth-http.test.ts'
const [kind = 'pglite'] = await testDatabaseKinds(FILE)
const redisUrl = await redisForTests(FILE)
const withRedis = redisUrl !== undefined
let db: TestDatabase
let redis: Redis | undefined
let store: AuthStore
let c: Seeded
let keysConfig: string
const prefix = `test:auth:${randomBytes(6).toString('hex')}:`
const servers: TestApp[] = []

async function instance (options: Partial<OAuthServerOptions> = {}): Promise<string> {
  const shared = redis === undefined ? {} : { redis, redisPrefix: prefix }
  const t = await buildApp({ store, keys: await KeyRing.fromConfig(keysConfig), ...shared, ...options })
  servers.push(t)
  return await t.app.listen({ port: 0, host: '127.0.0.1' })
}

let a: string
let b: string

beforeAll(async () => {
  db = await openTestDatabase(kind)
  await migrate(db.pool)
  store = postgresAuthStore(db.pool)
  c = await seed(store)
  // Generous command bound: these cases are about sharing state, not about a slow machine tripping the fallback.
  if (redisUrl !== undefined) redis = createRedisClient(redisUrl, { commandTimeoutMs: 2_000 })
  keysConfig = (await KeyRing.generate()).exportConfig()
  a = await instance()
  b = await instance()
})

afterAll(async () => {
  for (const t of servers) await t.app.close()
  if (redis !== undefined) {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    await closeRedis(redis)
  }
  await db.close()
})

function pdnForm (): URLSearchParams {
  return new URLSearchParams({ grant_type: 'password', username: PDN_USER.username, password: PDN_USER.password, client_id: c.pdn.id, client_secret: c.pdn.secret })
}

async function pdnToken (base: string): Promise<Response> {
  return await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(c.pdn.id, c.pdn.secret) },
    body: pdnForm()
  })
}

describe(`the PDN over HTTP (${kind}${withRedis ? ', Redis' : ''})`, () => {
  it('gets a token with Basic AND body credentials, then queries POST /v1/spic with the bearer', async () => {
    const res = await pdnToken(a)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = await res.json() as { access_token: string, token_type: string, expires_in: number, scope: string }
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'read:spic' })
    const data = await fetch(`${a}/v1/spic`, { method: 'POST', headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ page: 1, pageSize: 10 }) })
    expect(data.status).toBe(200)
    const dependencias = await fetch(`${a}/v1/spic/dependencias?access_token=${encodeURIComponent(body.access_token)}`)
    expect(dependencias.status).toBe(200)
  })

  it.skipIf(!withRedis)('a token issued by one instance works on the other; a revocation on one holds on the other', async () => {
    const { access_token: token } = await (await pdnToken(a)).json() as { access_token: string }
    const read = async (base: string): Promise<number> => (await fetch(`${base}/v1/spic`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).status
    expect(await read(b)).toBe(200)
    const revoke = await fetch(`${a}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(c.pdn.id, c.pdn.secret) }, body: new URLSearchParams({ token }) })
    expect(revoke.status).toBe(200)
    expect(await read(b)).toBe(401)
  })

  it('records the token events in the audit table', async () => {
    const { access_token: token } = await (await pdnToken(a)).json() as { access_token: string }
    const revoke = await fetch(`${a}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(c.pdn.id, c.pdn.secret) }, body: new URLSearchParams({ token }) })
    expect(revoke.status).toBe(200)
    const { rows } = await db.pool.query<{ type: string }>("SELECT type FROM auth_events WHERE client_id = 'pdn' ORDER BY id")
    expect(rows.map(r => r.type)).toContain('token.issued')
    expect(rows.map(r => r.type)).toContain('token.revoked')
  })
})

describe('an independent OAuth2 client library (oauth4webapi)', () => {
  const as = (): oauth.AuthorizationServer => ({ issuer: ISSUER, token_endpoint: `${a}/oauth/token`, jwks_uri: `${a}/.well-known/jwks.json`, revocation_endpoint: `${a}/oauth/revoke`, introspection_endpoint: `${a}/oauth/introspect` })
  const insecure = { [oauth.allowInsecureRequests]: true }

  it('obtains a token with the password grant and validates it as an RFC 9068 JWT access token', async () => {
    const client: oauth.Client = { client_id: c.pdn.id }
    const response = await oauth.genericTokenEndpointRequest(as(), client, oauth.ClientSecretBasic(c.pdn.secret), 'password', { username: PDN_USER.username, password: PDN_USER.password }, insecure)
    const result = await oauth.processGenericTokenEndpointResponse(as(), client, response)
    expect(result.token_type).toBe('bearer')
    expect(result.scope).toBe('read:spic')
    const request = new Request(`${a}/v1/spic`, { method: 'POST', headers: { authorization: `Bearer ${result.access_token}` } })
    const claims = await oauth.validateJwtAccessToken(as(), request, AUDIENCE, insecure)
    expect(claims).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: PDN_USER.username, client_id: 'pdn', scope: 'read:spic' })
  })

  it('refreshes, introspects and revokes with client_secret_post', async () => {
    const client: oauth.Client = { client_id: c.portal.id }
    const auth = oauth.ClientSecretPost(c.portal.secret)
    const first = await oauth.processGenericTokenEndpointResponse(as(), client,
      await oauth.genericTokenEndpointRequest(as(), client, auth, 'password', { username: PDN_USER.username, password: PDN_USER.password }, insecure))
    const second = await oauth.processRefreshTokenResponse(as(), client, await oauth.refreshTokenGrantRequest(as(), client, auth, first.refresh_token!, insecure))
    expect(second.refresh_token).not.toBe(first.refresh_token)
    const info = await oauth.processIntrospectionResponse(as(), client, await oauth.introspectionRequest(as(), client, auth, second.access_token, insecure))
    expect(info).toMatchObject({ active: true, client_id: 'portal' })
    await oauth.processRevocationResponse(await oauth.revocationRequest(as(), client, auth, second.refresh_token!, insecure))
    const after = await oauth.processIntrospectionResponse(as(), client, await oauth.introspectionRequest(as(), client, auth, second.access_token, insecure))
    expect(after).toEqual({ active: false })
  })

  it('reads client_credentials tokens and RFC 6749 errors', async () => {
    const client: oauth.Client = { client_id: c.machine.id }
    const ok = await oauth.processClientCredentialsResponse(as(), client, await oauth.clientCredentialsGrantRequest(as(), client, oauth.ClientSecretBasic(c.machine.secret), {}, insecure))
    expect(ok.refresh_token).toBeUndefined()
    const bad = await oauth.clientCredentialsGrantRequest(as(), client, oauth.ClientSecretBasic('mal'), {}, insecure)
    await expect(oauth.processClientCredentialsResponse(as(), client, bad)).rejects.toMatchObject({ status: 401 })
  })
})

describe.skipIf(!withRedis)('throttling shared through Redis', () => {
  it('counts the PDN client quota once across instances', async () => {
    const limited = { perAllowListedClient: { max: 3, timeWindowMs: 60_000 } }
    const sharedPrefix = `${prefix}shared:`
    const one = await instance({ rateLimit: limited, redisPrefix: sharedPrefix })
    const two = await instance({ rateLimit: limited, redisPrefix: sharedPrefix })
    const statuses = []
    for (const base of [one, two, one, two]) statuses.push((await pdnToken(base)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const refused = await pdnToken(one)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.json()).toMatchObject({ error: 'temporarily_unavailable', code: 'SEE_OAUTH_RATE_LIMITED' })
  })
})
