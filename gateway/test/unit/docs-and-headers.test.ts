import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, KeyRing, REGISTRY_ADMIN_SCOPE, REGISTRY_ENTE_SCOPE } from '@see/auth'
import { memoryAuthStore } from '@see/auth/testing'
import { ConfigError } from '@see/kit'
import { directoryFromEntes } from '@see/registry'
import { SYSTEMS, profiles } from '@see/systems'
import { buildGateway, type GatewayOptions } from '../../src/app.js'
import { apiAudience } from '../../src/auth-settings.js'
import { operatorDocsOf, publicServedDocument, servedDocument } from '../../src/plugins/openapi.js'
import { memoryService } from '../support/memory-service.js'

// /docs publishes the public contract to anyone; the administration and registry APIs only to
// operators. Every answer carries security headers; the docs page its own CSP, which still lets
// the Swagger UI load (checked in a real browser too, see the report of the hardening branch).

const issuer = 'http://127.0.0.1:3000'
const OPERATOR_PATHS = ['/admin/v1/clientes', '/admin/v1/usuarios', '/registro/v1/entes', '/registro/v1/auditoria']
const S2 = profiles.s2
const S2_SEARCH = S2.paths.search

const gatewayOptions = async (store: GatewayOptions['auth']['store'], extra: Partial<GatewayOptions> = {}): Promise<GatewayOptions> => ({
  directory: directoryFromEntes([]),
  systems: SYSTEMS.map(system => ({ system, service: memoryService(system, {}) })),
  logger: false,
  auth: { store, keys: await KeyRing.generate(), issuer, audience: apiAudience(issuer) },
  ...extra
})

describe('docs exposure and security headers', () => {
  let app: FastifyInstance
  const store = memoryAuthStore()
  const tokens: Record<string, string> = {}

  const tokenFor = async (scopes: string[]): Promise<string> => {
    const { client, secret } = await createClient(store, { name: `Cliente ${scopes.join(' ')}`, scopes, ...(scopes.includes(REGISTRY_ENTE_SCOPE) && { enteClave: 'SEFIN' }) })
    const answer = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: secret } })
    expect(answer.statusCode).toBe(200)
    return answer.json().access_token as string
  }

  beforeAll(async () => {
    app = await buildGateway(await gatewayOptions(store))
    tokens.operator = await tokenFor([REGISTRY_ADMIN_SCOPE])
    tokens.ente = await tokenFor([REGISTRY_ENTE_SCOPE])
    tokens.pdn = await tokenFor([S2.scope])
  })
  afterAll(async () => await app?.close())

  it('publishes at /docs/json only the public contract: no admin or registry operation or schema', async () => {
    const answer = await app.inject({ url: '/docs/json' })
    expect(answer.statusCode).toBe(200)
    const doc = answer.json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/oauth/token', '/.well-known/jwks.json', ...SYSTEMS.flatMap(system => [system.paths.search, `${system.paths.search}/summary`])]))
    for (const path of Object.keys(doc.paths)) expect(path).not.toMatch(/^\/(admin|registro)\//)
    for (const schema of Object.keys(doc.components.schemas)) expect(schema).not.toMatch(/^(Admin|Registry)/)
    expect(doc.tags.map((t: { name: string }) => t.name)).not.toContain('Registro')
    expect(doc).toEqual(JSON.parse(JSON.stringify(publicServedDocument(SYSTEMS))))
    const yaml = await app.inject({ url: '/docs/yaml' })
    expect(yaml.body).not.toMatch(/\/admin\/v1|\/registro\/v1/)
  })

  it('serves the operators\' API document only to a registry:admin token', async () => {
    const anonymous = await app.inject({ url: '/docs/operador/json' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toMatchObject({ code: 'SEE_AUTH_TOKEN_MISSING', message: expect.any(String) })
    for (const who of ['pdn', 'ente'] as const) {
      const refused = await app.inject({ url: '/docs/operador/json', headers: { authorization: `Bearer ${tokens[who]}` } })
      expect(refused.statusCode, who).toBe(403)
      expect(refused.json().code, who).toBe('SEE_AUTH_INSUFFICIENT_SCOPE')
    }
    const granted = await app.inject({ url: '/docs/operador/json', headers: { authorization: `Bearer ${tokens.operator}` } })
    expect(granted.statusCode).toBe(200)
    expect(granted.headers['cache-control']).toBe('no-store')
    expect(Object.keys(granted.json().paths)).toEqual(expect.arrayContaining(OPERATOR_PATHS))
    expect(granted.json()).toEqual(JSON.parse(JSON.stringify(servedDocument(SYSTEMS))))
  })

  it('publishes the operators\' API at /docs only with operatorDocs public (DOCS_OPERATOR=public), and refuses any other value', async () => {
    expect(operatorDocsOf({})).toBe('token')
    expect(operatorDocsOf({ DOCS_OPERATOR: 'public' })).toBe('public')
    expect(() => operatorDocsOf({ DOCS_OPERATOR: 'si' })).toThrow(ConfigError)
    const internal = await buildGateway(await gatewayOptions(store, { operatorDocs: 'public' }))
    try {
      const doc = (await internal.inject({ url: '/docs/json' })).json()
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(OPERATOR_PATHS))
      expect(doc).toEqual(JSON.parse(JSON.stringify(servedDocument(SYSTEMS))))
    } finally {
      await internal.close()
    }
  })

  it('sends nosniff, DENY framing and a CSP that loads nothing on API answers, errors included', async () => {
    const answers = [
      await app.inject({ url: '/.well-known/jwks.json' }),
      await app.inject({ method: 'POST', url: S2_SEARCH, payload: {}, headers: { authorization: `Bearer ${tokens.pdn}` } }),
      await app.inject({ method: 'POST', url: S2_SEARCH, payload: {} }),
      await app.inject({ method: 'POST', url: '/oauth/token', payload: 'grant_type=nada', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      await app.inject({ url: '/no-existe' }),
      await app.inject({ url: '/docs/json' })
    ]
    for (const answer of answers) {
      const where = `${answer.raw.req.method} ${answer.raw.req.url} → ${answer.statusCode}`
      expect(answer.headers['x-content-type-options'], where).toBe('nosniff')
      expect(answer.headers['x-frame-options'], where).toBe('DENY')
      expect(answer.headers['referrer-policy'], where).toBe('no-referrer')
      expect(answer.headers['content-security-policy'], where).toMatch(/frame-ancestors 'none'/)
    }
    expect(answers[0]?.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'")
  })

  it('gives the docs page a CSP for its own scripts and styles only, never inline scripts or framing', async () => {
    const page = await app.inject({ url: '/docs/' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/frame-ancestors 'none'/)
    expect(csp).toMatch(/object-src 'none'/)
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(page.headers['x-frame-options']).toBe('DENY')
    // Every script the page loads is a file of its own origin (no inline script to allow).
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/)
    const initializer = await app.inject({ url: '/docs/static/swagger-initializer.js' })
    expect(initializer.statusCode).toBe(200)
    expect(initializer.headers['content-security-policy']).toBe(csp)
  })
})
