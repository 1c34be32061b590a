import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEMS } from '@see/systems'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// Every operation of the served documents, called with its own documented example (body, path and
// query parameters) against a running federation, in the documents' order, with a token of the
// scope it declares. Where an example carries credentials (the OAuth endpoints), the federation's
// demo client stands in for the placeholders. Every operation of the public contract (/docs/json)
// must answer 2xx; every other one a status it documents, and 2xx unless listed below with why.

type Media = { example?: unknown }
type Parameter = { $ref?: string, name: string, in: string, example?: unknown }
interface Operation {
  security?: Array<Record<string, string[]>>
  parameters?: Parameter[]
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, unknown>
}
interface Document {
  paths: Record<string, Record<string, Operation | Parameter[]>>
  components: { parameters?: Record<string, Parameter> }
}

/** Operator operations whose example, in this order on the demo, meets a documented refusal. */
const documentedRefusals = (exampleSystem: unknown): Record<string, string> => ({
  // The demo's URL policy admits only the simulated entes on 127.0.0.1 (422), and SHCH already has it (409).
  'POST /registro/v1/entes/{clave}/conexiones/{sistema}': 'a public ente URL (422)',
  // No pending configuration to discard or approve: the example's PATCH changes no URL or credential.
  'DELETE /registro/v1/entes/{clave}/conexiones/{sistema}/configuracion-pendiente': 'nothing pending (404)',
  'POST /registro/v1/entes/{clave}/conexiones/{sistema}/configuracion-pendiente/aprobacion': 'nothing pending (404/409)',
  // The stage example puts the example ente's connection of the example system under maintenance,
  // where its sandbox serves; its connections of the other systems stay in production (409).
  ...Object.fromEntries(SYSTEMS.filter(system => system.id !== exampleSystem).map(system =>
    [`POST /registro/v1/entes/{clave}/sandbox${system.paths.search}`, 'connection in production (409)']))
})

/** Public operations whose example cannot succeed as written, and why. */
const PUBLIC_REFUSALS = new Set(SYSTEMS.flatMap(system => system.intake === undefined ? [] : [`POST ${system.intake.trackingPath}`]))
// (a folio and its code exist only once a filing is received: the example's pair finds nothing, 404)

let federation: TestFederation
let served: Document
let publicOperations: Set<string>
const tokens: Record<'pdn' | 'operator', string> = { pdn: '', operator: '' }

async function operatorToken (): Promise<string> {
  const { clientId, clientSecret } = federation.operator
  const response = await fetch(`${federation.gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=registry:admin'
  })
  expect(response.status).toBe(200)
  return (await response.json() as { access_token: string }).access_token
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete']
const operationsOf = (document: Document): Array<{ name: string, method: string, path: string, operation: Operation, shared: Parameter[] }> =>
  Object.entries(document.paths).flatMap(([path, item]) => HTTP_METHODS.filter(method => item[method] !== undefined).map(method =>
    ({ name: `${method.toUpperCase()} ${path}`, method, path, operation: item[method] as Operation, shared: (item.parameters as Parameter[] | undefined) ?? [] })))

beforeAll(async () => {
  federation = await startTestFederation('openapi-examples', { entes: 3, size: 20 })
  tokens.pdn = await federation.token()
  tokens.operator = await operatorToken()
  const operatorDocs = await fetch(`${federation.gatewayUrl}/docs/operador/json`, { headers: { authorization: `Bearer ${tokens.operator}` } })
  served = await operatorDocs.json() as Document
  const publicDocs = await (await fetch(`${federation.gatewayUrl}/docs/json`)).json() as Document
  publicOperations = new Set(operationsOf(publicDocs).map(op => op.name))
}, 120_000)
afterAll(async () => await federation?.close())

/** The example's credentials and tokens are placeholders: the demo client's stand in. */
async function withDemoCredentials (example: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { clientId, clientSecret, username, password } = federation.credentials
  const real: Record<string, string> = { client_id: clientId, client_secret: clientSecret, username, password }
  const filled = Object.fromEntries(Object.entries(example).map(([key, value]) => [key, real[key] ?? value]))
  if ('token' in filled) filled.token = await federation.token()
  return filled
}

describe('every documented example, sent to a running federation', () => {
  it('answers as documented: 2xx for the public contract and for the operators\' operations but the listed refusals', async () => {
    const operations = operationsOf(served)
    expect(operations.length).toBeGreaterThan(40)
    expect([...publicOperations].every(name => operations.some(op => op.name === name))).toBe(true)
    const refusals = documentedRefusals(served.components.parameters?.Sistema?.example)
    const outcomes: string[] = []
    for (const { name, method, path, operation, shared } of operations) {
      const parameters = [...shared, ...(operation.parameters ?? [])].map(p => p.$ref === undefined ? p : served.components.parameters![p.$ref.split('/').pop()!]!)
      let url = path
      const query = new URLSearchParams()
      for (const p of parameters) {
        if (p.example === undefined) continue
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.example)))
        if (p.in === 'query') query.set(p.name, String(p.example))
      }
      const headers: Record<string, string> = {}
      const scopes = (operation.security ?? []).flatMap(requirement => Object.values(requirement).flat())
      if (scopes.length > 0) headers.authorization = `Bearer ${scopes.some(scope => scope.startsWith('registry:')) ? tokens.operator : tokens.pdn}`
      let body: string | undefined
      const content = operation.requestBody?.content
      if (content !== undefined) {
        const example = content['application/json']?.example
        expect(example, name).toBeDefined()
        headers['content-type'] = 'application/json'
        body = JSON.stringify(path.startsWith('/oauth') ? await withDemoCredentials(example as Record<string, unknown>) : example)
      }
      const response = await fetch(`${federation.gatewayUrl}${url}${query.size > 0 ? `?${query.toString()}` : ''}`, { method: method.toUpperCase(), headers, ...(body !== undefined && { body }) })
      const text = await response.text()
      outcomes.push(`${name} → ${response.status}`)
      const where = `${name} → ${response.status} ${text.slice(0, 300)}`
      expect.soft(Object.keys(operation.responses), where).toContain(String(response.status))
      if ((publicOperations.has(name) && !PUBLIC_REFUSALS.has(name)) || (!publicOperations.has(name) && refusals[name] === undefined)) expect.soft(response.status, where).toBeLessThan(300)
      else expect.soft(response.status, where).toBeGreaterThanOrEqual(400)
      // A public search example finds records, not an empty page (a sandbox asks one ente only).
      const totalRows = response.ok && publicOperations.has(name) && text.startsWith('{') ? (JSON.parse(text) as { pagination?: { totalRows?: number } }).pagination?.totalRows : undefined
      if (totalRows !== undefined) expect.soft(totalRows, where).toBeGreaterThan(0)
    }
    expect(outcomes.length).toBe(operations.length)
  }, 120_000)
})
