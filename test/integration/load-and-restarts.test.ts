import { spawn, type ChildProcess } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { Agent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '@see/auth'
import { TEST_DATABASE_URL, testDatabaseKinds } from '@see/db/testing'
import { wireGateway } from '@see/gateway'
import { SYSTEMS } from '@see/systems'
import { postJson, type JsonAnswer } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// Issue 15, "Load and restarts": per-client quotas on the data routes, and a rolling restart of two
// real gateway processes behind a small load balancer that loses no request. Load shedding and
// readiness while draining are in packages/kit/test/unit/load-shedding.test.ts.

const system = SYSTEMS[0]!
const searchPath = system.paths.search
const root = fileURLToPath(new URL('../..', import.meta.url))
const suffix = randomBytes(4).toString('hex')

async function tokenFor (gatewayUrl: string, clientId: string, secret: string): Promise<string> {
  const response = await request(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: system.scope }).toString()
  })
  const body = await response.body.json() as { access_token?: string }
  expect(response.statusCode).toBe(200)
  return body.access_token!
}

describe('per-client quotas on the data routes', () => {
  let federation: TestFederation
  let limited: Awaited<ReturnType<typeof wireGateway>>['app']
  let limitedUrl: string
  let pdnToken: string
  let portalToken: string
  let otherPortalToken: string

  beforeAll(async () => {
    federation = await startTestFederation('load-and-restarts', { entes: 1, size: 5, systems: [system] })
    const store = federation.platform.store
    const portal = await createClient(store, { name: 'Portal (prueba)', clientId: `portal-${suffix}`, scopes: [system.scope], grants: ['client_credentials'] })
    const other = await createClient(store, { name: 'Otro portal (prueba)', clientId: `otro-${suffix}`, scopes: [system.scope], grants: ['client_credentials'] })
    portalToken = await tokenFor(federation.gatewayUrl, portal.client.clientId, portal.secret)
    otherPortalToken = await tokenFor(federation.gatewayUrl, other.client.clientId, other.secret)
    pdnToken = await federation.token()
    // A second instance of the same deployment with small quotas: 3 a minute for any client, 6 for the PDN.
    limited = (await wireGateway({
      platform: federation.platform,
      services: federation.services.map(({ system, running }) => ({ system, url: running.url })),
      directory: federation.registry.directories.production,
      publicUrl: federation.gatewayUrl.replace(/:\d+$/, ':0'),
      logger: false,
      dataRateLimit: { perMinute: 3, pdnPerMinute: 6 }
    })).app
    limitedUrl = await limited.listen({ port: 0, host: '127.0.0.1' })
  })

  afterAll(async () => {
    await limited?.close()
    await federation?.close()
  })

  /** A query; a 503 (the server shedding load on a busy test machine, before any quota is counted) is asked again. */
  async function search (token?: string): Promise<JsonAnswer> {
    for (let attempt = 1; ; attempt++) {
      const answer = await postJson(`${limitedUrl}${searchPath}`, { pageSize: 1 }, token === undefined ? {} : { authorization: `Bearer ${token}` })
      if (answer.status !== 503 || attempt === 5) return answer
      await sleep(Number(answer.headers['retry-after'] ?? 1) * 1000)
    }
  }

  it('counts per client (by its token), answers 429 {code, message} with Retry-After beyond the quota, and gives the PDN its own larger quota', async () => {
    // Requests without a valid token are refused before they can count against anyone.
    for (let i = 0; i < 5; i++) expect((await search()).status).toBe(401)
    const portal = []
    for (let i = 0; i < 4; i++) portal.push(await search(portalToken))
    expect(portal.map(answer => answer.status)).toEqual([200, 200, 200, 429])
    const refused = portal[3]!
    expect(refused.body).toEqual({ code: 'SEE_RATE_LIMITED', message: expect.stringMatching(/cuota/) })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // Another client, from the same address, has its own quota.
    expect((await search(otherPortalToken)).status).toBe(200)
    // The PDN (password-grant token) is not touched by the portal's exhaustion, and has 6.
    const pdn = []
    for (let i = 0; i < 7; i++) pdn.push((await search(pdnToken)).status)
    expect(pdn).toEqual([200, 200, 200, 200, 200, 200, 429])
  })
})

/** A gateway as production runs it: `gateway/src/server.ts` in a child process of its own. */
interface GatewayProcess {
  child: ChildProcess
  url: string
  exited: Promise<number | null>
}

async function startGatewayProcess (env: Record<string, string>): Promise<GatewayProcess> {
  // node itself with tsx's loader, not the tsx CLI: a signal then reaches the gateway, not a wrapper process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/server.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the gateway process exited (${String(code)}) before listening`))
    child.once('exit', onExit)
    lines.on('line', line => {
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (found !== null) {
        child.off('exit', onExit)
        resolve(found[1]!)
      }
    })
  })
  return { child, url, exited }
}

/**
 * The load balancer in front of the gateways, as small as it can be: round robin over the
 * backends whose `/health/ready` answered 200 at the last check (every 50 ms). Like a real one, it
 * does not retry a request that failed: a lost request shows up as a failure at the client.
 */
class LocalBalancer {
  private readonly server: Server
  private readonly agent = new Agent({ keepAliveTimeout: 10_000 })
  private readonly healthy = new Map<string, boolean>()
  readonly served = new Map<string, number>()
  private next = 0
  private checking: NodeJS.Timeout | undefined

  constructor (private readonly backends: string[]) {
    for (const backend of backends) { this.healthy.set(backend, false); this.served.set(backend, 0) }
    this.server = createServer((req, res) => { this.forward(req, res).catch(() => { if (!res.headersSent) res.writeHead(502); res.end() }) })
  }

  async start (): Promise<string> {
    await this.check()
    this.checking = setInterval(() => { this.check().catch(() => {}) }, 50)
    this.server.listen(0, '127.0.0.1')
    await once(this.server, 'listening')
    const address = this.server.address() as { port: number }
    return `http://127.0.0.1:${address.port}`
  }

  isHealthy (backend: string): boolean {
    return this.healthy.get(backend) === true
  }

  private async check (): Promise<void> {
    await Promise.all(this.backends.map(async backend => {
      try {
        const response = await request(`${backend}/health/ready`, { dispatcher: this.agent, headersTimeout: 1_000, bodyTimeout: 1_000 })
        await response.body.dump()
        this.healthy.set(backend, response.statusCode === 200)
      } catch {
        this.healthy.set(backend, false)
      }
    }))
  }

  private async forward (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const candidates = this.backends.filter(backend => this.isHealthy(backend))
    const backend = candidates[this.next++ % Math.max(1, candidates.length)]
    if (backend === undefined) {
      res.writeHead(502).end()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = Object.fromEntries(['authorization', 'content-type'].filter(name => req.headers[name] !== undefined).map(name => [name, String(req.headers[name])]))
    const answer = await request(`${backend}${req.url ?? '/'}`, { method: req.method as 'POST', headers, body: Buffer.concat(chunks), dispatcher: this.agent })
    const body = Buffer.from(await answer.body.arrayBuffer())
    this.served.set(backend, (this.served.get(backend) ?? 0) + 1)
    res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') }).end(body)
  }

  async close (): Promise<void> {
    clearInterval(this.checking)
    this.server.closeAllConnections()
    this.server.close()
    await this.agent.close()
  }
}

// Two processes share one database only on PostgreSQL (PGlite serves a single process).
const kinds = await testDatabaseKinds('load-and-restarts')

describe.runIf(kinds.includes('postgresql'))('a rolling restart of two gateway processes behind a load balancer', () => {
  let federation: TestFederation
  const gateways: GatewayProcess[] = []
  let balancer: LocalBalancer | undefined

  beforeAll(async () => {
    const jwtKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const credentialKeys = `k1:${randomBytes(32).toString('base64')}`
    const redisPrefix = `see-test:${randomBytes(4).toString('hex')}:`
    federation = await startTestFederation('load-and-restarts', { entes: 2, size: 20, systems: [system], jwtKeys, credentialKeys, redisPrefix }, 'postgresql')
    const databaseUrl = new URL(TEST_DATABASE_URL)
    databaseUrl.searchParams.set('options', `-c search_path=${federation.database.schema}`)
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl.toString(),
      SEE_JWT_KEYS: jwtKeys,
      SEE_CREDENTIALS_KEYS: credentialKeys,
      SEE_URL_ALLOW_HTTP: 'true',
      SEE_URL_ALLOWED_HOSTS: '127.0.0.1',
      // The issuer of the tokens the federation's own gateway hands out (it listens on a free port).
      PUBLIC_URL: federation.gatewayUrl.replace(/:\d+$/, ':0'),
      SERVICE_URLS: federation.services.map(({ system, running }) => `${system.id}=${running.url}`).join(','),
      SHUTDOWN_DRAIN_MS: '1000',
      // A loaded test machine must not turn a slow first answer into a failure this test would blame on the restart.
      FEDERATION_DEADLINE_MS: '30000',
      ...(process.env.REDIS_URL !== undefined && { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: redisPrefix })
    }
    // One after the other: each applies the migrations at start.
    gateways.push(await startGatewayProcess(env))
    gateways.push(await startGatewayProcess(env))
  }, 180_000)

  afterAll(async () => {
    await balancer?.close()
    for (const gateway of gateways) {
      if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGKILL')
      await gateway.exited
      gateway.child.stdout?.destroy()
    }
    await federation?.close()
  })

  it('SIGTERM to one instance under load: readiness fails first, in-flight requests finish, no request fails, the process exits 0', async () => {
    const [leaving, staying] = gateways as [GatewayProcess, GatewayProcess]
    balancer = new LocalBalancer([leaving.url, staying.url])
    const entry = await balancer.start()
    expect(balancer.isHealthy(leaving.url) && balancer.isHealthy(staying.url)).toBe(true)
    const authorization = `Bearer ${await federation.token()}`
    // Warm: every page of the load answered once by each instance (and cached), so the load measures the restart.
    for (const gateway of gateways) {
      for (let page = 1; page <= 4; page++) expect((await postJson(`${gateway.url}${searchPath}`, { page, pageSize: 5 }, { authorization })).status).toBe(200)
    }
    const failures: string[] = []
    let answered = 0
    const running = { stop: false }
    // Bounded load: 4 clients, each sending its next query when the last one answered.
    const client = async (n: number): Promise<void> => {
      for (let i = 0; !running.stop; i++) {
        try {
          const response = await postJson(`${entry}${searchPath}`, { page: 1 + ((n + i) % 4), pageSize: 5 }, { authorization })
          if (response.status === 200) answered++
          else failures.push(`${response.status} ${JSON.stringify(response.body)}`)
        } catch (err) {
          failures.push(String(err))
        }
      }
    }
    const load = Promise.all([0, 1, 2, 3].map(client))
    // Both instances serve before the restart.
    while ((balancer.served.get(leaving.url) ?? 0) < 20 || (balancer.served.get(staying.url) ?? 0) < 20) await sleep(20)
    leaving.child.kill('SIGTERM')
    expect(await leaving.exited).toBe(0)
    expect(balancer.isHealthy(leaving.url)).toBe(false)
    // The survivor keeps serving the whole load after the other one is gone.
    const servedBySurvivor = balancer.served.get(staying.url)!
    while (balancer.served.get(staying.url)! < servedBySurvivor + 40) await sleep(20)
    running.stop = true
    await load
    expect(failures).toEqual([])
    expect(answered).toBeGreaterThan(80)
  }, 120_000)
})
