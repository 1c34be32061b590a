import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceTokenSource } from '@see/auth'
import { apiAudience, buildGateway, systemServiceClient, type SystemServiceClient } from '@see/gateway'
import type { Resolver } from '@see/registry'
import { SYSTEMS } from '@see/systems'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { fuzzOperations, fuzzRequest, type FuzzOperation, type FuzzRequest } from '../support/fuzz.js'
import { registryApi } from '../support/registry-api.js'

// Every body-taking operation the gateway publishes (read from the served operators' OpenAPI
// document, so a new system's routes are fuzzed without touching this file) gets generated bodies
// — nearly valid ones, random JSON, huge numbers, deep nesting, long and odd strings, unknown and
// prototype fields, malformed JSON sent raw, forms, wrong media types — through `inject` on a
// gateway over a real federation (registry on the database, a service per federated system, simulated entes). None may
// answer 5xx, and every 4xx carries `{code, message}` (the OAuth2 errors carry them beside
// RFC 6749's `error`, as the contract says).

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000)
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31)

/** No ente URL a fuzzed body names resolves: nothing leaves the machine. */
const noDns: Resolver = async (hostname) => { throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }) }

interface Failure { status: number, method: string, url: string, contentType?: string, payload: string, body: string, logged?: string }

describe('fuzzing every public body-taking route of the gateway', () => {
  let federation: TestFederation
  let gateway: Awaited<ReturnType<typeof buildGateway>>
  let systems: Array<{ system: (typeof SYSTEMS)[number], service: SystemServiceClient }> = []
  const errors: string[] = []
  const federationErrors: string[] = []

  beforeAll(async () => {
    federation = await startTestFederation('gateway-fuzz', { entes: 2, size: 8, registryResolver: noDns, logger: { level: 'error', stream: { write: (line: string) => { federationErrors.push(line) } } } })
    const { platform } = federation
    const serviceToken = serviceTokenSource(platform.keys, { ttlSeconds: 60 })
    systems = federation.services.map(({ system, running }) => ({
      system,
      service: systemServiceClient(system, running.url, { authorization: async () => `Bearer ${await serviceToken(system.id)}` })
    }))
    // A second instance as wireGateway builds it, but with the OAuth2 throttling opened up so that
    // fuzzed credentials reach validation instead of 429 after a few failures from one address.
    const issuer = federation.gatewayUrl.replace(/:\d+$/, ':0')
    const unlimited = { max: 1_000_000, timeWindowMs: 60_000 }
    gateway = await buildGateway({
      systems,
      registry: federation.registry.gatewayOptions,
      logger: { level: 'error', stream: { write: (line: string) => { errors.push(line) } } },
      auth: {
        store: platform.store,
        keys: platform.keys,
        issuer,
        audience: apiAudience(issuer),
        rateLimit: { perIp: unlimited, perClient: unlimited, failuresPerIdentity: unlimited, failuresPerIp: unlimited, delay: { freeFailures: 1_000_000, baseMs: 0, maxMs: 0, windowMs: 60_000 } }
      }
    })
  }, 120_000)
  afterAll(async () => {
    await gateway?.close()
    await Promise.all(systems.map(async ({ service }) => await service.close()))
    await federation?.close()
  })

  it('refuses a page beyond 1000000 (1e308 was echoed as 1e+308) and answers the last allowed one, on every federated system', async () => {
    const bearer = await federation.bearer()
    for (const system of SYSTEMS) {
      const url = system.paths.search
      for (const page of [1e308, 1_000_001, 2 ** 53]) {
        const refused = await gateway.inject({ method: 'POST', url, payload: { page }, headers: bearer })
        expect(refused.statusCode, `${url} ${page}`).toBe(422)
        expect(refused.json(), `${url} ${page}`).toEqual({ code: 'SEE_VALIDATION', message: expect.stringContaining('body/page') })
      }
      const last = await gateway.inject({ method: 'POST', url, payload: { page: 1_000_000, pageSize: 10 }, headers: bearer })
      expect(last.statusCode, url).toBe(200)
      expect(last.json().pagination, url).toMatchObject({ page: 1_000_000, pageSize: 10, hasNextPage: false })
      expect(last.json().results, url).toEqual([])
    }
  })

  it(`answers ${RUNS} generated bodies without a 5xx, every 4xx with {code, message}`, async () => {
    const operator = await registryApi(federation, { operator: true }).catch((err: Error) => { throw new Error(`${err.message}\n${federationErrors.join('\n')}`) })
    const tokens = { operator: operator.headers.authorization!.replace('Bearer ', ''), pdn: (await federation.bearer()).authorization!.replace('Bearer ', '') }
    const served = await gateway.inject({ url: '/docs/operador/json', headers: operator.headers })
    expect(served.statusCode).toBe(200)
    const document = served.json()
    const operations = fuzzOperations(document)
    // The routes this file knew of when written must be among them (the list itself comes from the document).
    const listed = operations.map(o => `${o.method} ${o.path}`)
    expect(listed).toEqual(expect.arrayContaining([
      'POST /oauth/token', 'POST /oauth', 'POST /oauth/revoke', 'POST /oauth/introspect',
      ...SYSTEMS.flatMap(system => [`POST ${system.paths.search}`, `POST ${system.paths.search}/summary`, `POST /registro/v1/entes/{clave}/sandbox${system.paths.search}`]),
      'POST /admin/v1/clientes', 'POST /registro/v1/entes', 'PATCH /registro/v1/entes/{clave}/conexiones/{sistema}'
    ]))

    // An ente with a connection that goes nowhere, so fuzzed registry calls find something to act on.
    const ente = federation.simulator.providers[0]!.clave
    expect((await operator.post('/entes', { clave: 'FUZZ', nombre: 'Ente del fuzz', orden: 'estatal', poder: 'ejecutivo' })).status).toBe(201)
    expect((await operator.post('/entes/FUZZ/conexiones/s2', { protocol: 'sesna-v1', baseUrl: 'http://127.0.0.1:9', auth: { kind: 'none' } })).status).toBe(201)
    const known = {
      clave: ['FUZZ', 'NO-EXISTE', ente],
      sistema: ['s2', 's3s', 'zz'],
      clientId: ['fuzz-cliente', operator.clientId],
      username: ['fuzz-usuario']
    }

    const failures: Failure[] = []
    const statuses = new Map<string, number>()
    const byOperation = new Map<string, number>()
    const send = async (request: FuzzRequest): Promise<void> => {
      const key = `${request.operation.method} ${request.operation.path}`
      byOperation.set(key, (byOperation.get(key) ?? 0) + 1)
      const loggedBefore = errors.length
      const answer = await unlessShed(async () => await gateway.inject({
        method: request.operation.method,
        url: request.url,
        payload: request.payload,
        headers: { ...(request.contentType !== undefined && { 'content-type': request.contentType }), ...(request.authorization !== undefined && { authorization: request.authorization }) },
        remoteAddress: '10.1.2.3'
      }))
      statuses.set(`${key} ${answer.statusCode}`, (statuses.get(`${key} ${answer.statusCode}`) ?? 0) + 1)
      if (answer.statusCode < 400 || !isBadAnswer(answer.statusCode, answer.body)) return
      failures.push({
        status: answer.statusCode,
        method: request.operation.method,
        url: request.url,
        ...(request.contentType !== undefined && { contentType: request.contentType }),
        payload: request.payload.length > 300 ? `${request.payload.slice(0, 300)}… (${request.payload.length} chars)` : request.payload,
        body: answer.body.slice(0, 500),
        ...(errors.length > loggedBefore && { logged: errors.slice(loggedBefore).join('\n').slice(0, 1500) })
      })
    }

    await fc.assert(fc.asyncProperty(fuzzRequest(operations, document, known, tokens), async (request) => {
      await send(request)
      return true
    }), { numRuns: RUNS, seed: SEED })

    // FUZZ_REPORT=1 prints how many answers of each status each operation gave.
    if (process.env.FUZZ_REPORT !== undefined) console.log([...statuses].sort().map(([k, n]) => `${n}\t${k}`).join('\n'))
    const distinct = [...new Map(failures.map(f => [`${f.status} ${f.method} ${f.url.split('?')[0]} ${f.body.slice(0, 80)}`, f])).values()]
    expect(distinct, `seed ${SEED}: ${failures.length} bad answers; reproduce with FUZZ_SEED=${SEED}`).toEqual([])
    expect([...byOperation.values()].reduce((a, b) => a + b, 0)).toBe(RUNS)
    // Every operation was reached (each gets about RUNS / operations.length bodies).
    expect(operations.filter((o: FuzzOperation) => (byOperation.get(`${o.method} ${o.path}`) ?? 0) === 0)).toEqual([])
  }, 900_000)
})

/** A 5xx, or a 4xx without a `{code, message}` body of strings. */
function isBadAnswer (status: number, text: string): boolean {
  if (status >= 500) return true
  try {
    const body = JSON.parse(text) as { code?: unknown, message?: unknown }
    return typeof body.code !== 'string' || typeof body.message !== 'string' || body.code === '' || body.message === ''
  } catch {
    return true
  }
}

interface Answer { statusCode: number, body: string }

/**
 * Load shedding (503 SEE_OVERLOADED when the event loop lags on a busy machine) answers the
 * machine's state, not the body: such a request is sent again, as a client would, a few times.
 */
async function unlessShed (send: () => Promise<Answer>): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send()
    if (answer.statusCode !== 503 || attempt === 5 || !answer.body.includes('"SEE_OVERLOADED"')) return answer
    await new Promise(resolve => setTimeout(resolve, 500))
  }
}
