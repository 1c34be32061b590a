import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Resolver } from '@see/registry'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi, type RegistryApi } from '../support/registry-api.js'

// Ente URLs are untrusted: registering one through the API passes the SSRF guard. Production
// policy here (https only, no allow-list); DNS is this test's, so names resolve where it says.

const resolver: Resolver = async (hostname) => {
  if (hostname === 'api.ente.gob.mx') return [{ address: '200.57.1.10', family: 4 }]
  if (hostname === 'interno.ente.gob.mx') return [{ address: '127.0.0.1', family: 4 }]
  if (hostname === 'mixto.ente.gob.mx') return [{ address: '200.57.1.11', family: 4 }, { address: '10.0.0.7', family: 4 }]
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
}

const auth = { kind: 'oauth2-client-credentials', clientId: 'see', clientSecret: 'secreto-no-se-registra' } as const

/** The gateway's log lines, as JSON objects. */
const logLines: Array<Record<string, unknown>> = []
const logger = { level: 'info', stream: { write: (line: string) => { logLines.push(JSON.parse(line) as Record<string, unknown>) } } }

describe('SSRF guard at registration through the API', () => {
  let federation: TestFederation
  let ente: RegistryApi

  beforeAll(async () => {
    federation = await startTestFederation('registry-ssrf', { entes: 0, urlPolicy: { allowHttp: false, allowedHosts: [] }, registryResolver: resolver, logger })
    const operator = await registryApi(federation, { operator: true })
    expect((await operator.post('/entes', { clave: 'SSRF', nombre: 'Ente de prueba', orden: 'estatal', poder: 'ejecutivo' })).status).toBe(201)
    ente = await registryApi(federation, { ente: 'SSRF' })
  })
  afterAll(async () => await federation?.close())

  const refused: Array<[string, string]> = [
    ['a private address', 'https://10.20.30.40/api'],
    ['another private range', 'https://192.168.1.10'],
    ['loopback without the allow-list', 'https://127.0.0.1:8443'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['an IPv4-mapped IPv6 address', 'https://[::ffff:127.0.0.1]/'],
    ['cloud metadata, IPv4-mapped', 'https://[::ffff:169.254.169.254]/latest'],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data'],
    ['a host name that resolves to 127.0.0.1', 'https://interno.ente.gob.mx/'],
    ['a host name with one internal address', 'https://mixto.ente.gob.mx/'],
    ['plain http', 'http://api.ente.gob.mx/'],
    ['credentials in the URL', 'https://usuario:clave@api.ente.gob.mx/']
  ]
  for (const [what, url] of refused) {
    it(`refuses ${what}`, async () => {
      const answer = await ente.post('/entes/SSRF/conexiones/s2', { protocol: 'sesna-v1', baseUrl: url, auth })
      expect(answer.status).toBe(422)
      expect(answer.body).toEqual({ code: 'REGISTRY_UNSAFE_URL', message: expect.stringMatching(/^URL no permitida/) })
    })
  }

  it('checks the token URL too, and accepts a public https endpoint', async () => {
    const badToken = await ente.post('/entes/SSRF/conexiones/s2', { protocol: 'sesna-v1', baseUrl: 'https://api.ente.gob.mx', tokenUrl: 'https://[::1]/oauth/token', auth })
    expect(badToken.body.code).toBe('REGISTRY_UNSAFE_URL')
    const ok = await ente.post('/entes/SSRF/conexiones/s2', { protocol: 'sesna-v1', baseUrl: 'https://api.ente.gob.mx', tokenUrl: 'https://api.ente.gob.mx/oauth/token', auth })
    expect(ok.status).toBe(201)
    const moved = await ente.patch('/entes/SSRF/conexiones/s2', { baseUrl: 'https://interno.ente.gob.mx' })
    expect(moved.body.code).toBe('REGISTRY_UNSAFE_URL')
  })

  it('answers the same for an internal name and a missing one, so no internal name can be mapped; the log keeps what DNS said', async () => {
    const internal = await ente.post('/entes/SSRF/conexiones/s3s', { protocol: 'sesna-v1', baseUrl: 'https://interno.ente.gob.mx/', auth })
    const missing = await ente.post('/entes/SSRF/conexiones/s3s', { protocol: 'sesna-v1', baseUrl: 'https://vm/', auth })
    const mixed = await ente.post('/entes/SSRF/conexiones/s3s', { protocol: 'sesna-v1', baseUrl: 'https://mixto.ente.gob.mx/', auth })
    for (const answer of [internal, missing, mixed]) {
      expect(answer.status).toBe(422)
      expect(answer.body).toEqual(missing.body)
    }
    expect(JSON.stringify(missing.body)).not.toMatch(/127\.0\.0\.1|10\.0\.0\.7|ENOTFOUND|interno|mixto|vm/)
    const refusals = logLines.filter(line => line.code === 'REGISTRY_UNSAFE_URL' && line.detail !== undefined).map(line => line.detail)
    expect(refusals).toEqual(expect.arrayContaining([
      { host: 'interno.ente.gob.mx', problem: 'internal-address', forbidden: ['127.0.0.1'], resolved: 1 },
      { host: 'vm', problem: 'dns', dnsCode: 'ENOTFOUND' },
      { host: 'mixto.ente.gob.mx', problem: 'internal-address', forbidden: ['10.0.0.7'], resolved: 2 }
    ]))
    expect(JSON.stringify(logLines)).not.toContain(auth.clientSecret)
  })
})
