import { request } from 'undici'
import { createClient, REGISTRY_ADMIN_SCOPE, REGISTRY_ENTE_SCOPE } from '@see/auth'
import { connectionInputOf, enteInputOf, type RunningFederation, type SeedableEnte } from '@see/demo'
import type { SystemProfile } from '@see/systems'
import type { JsonAnswer } from './http.js'

// The Sistema Registral's API over real HTTP, as an operator's or an ente's client calls it.

export async function requestJson (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await request(url, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) })
  })
  const text = await response.body.text()
  return { status: response.statusCode, headers: response.headers, body: text.length > 0 ? JSON.parse(text) : undefined }
}

/**
 * A client_credentials token from the gateway's authorization server. A 503 (the process shedding
 * load on a busy test machine) is retried as a client would, after its Retry-After.
 */
export async function clientToken (gatewayUrl: string, clientId: string, secret: string, attempts = 5): Promise<string> {
  const response = await request(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString()
  })
  const answer = await response.body.json() as { access_token?: string }
  if (response.statusCode === 503 && attempts > 1) {
    await new Promise(resolve => setTimeout(resolve, 1000 * Number(response.headers['retry-after'] ?? 1)))
    return await clientToken(gatewayUrl, clientId, secret, attempts - 1)
  }
  if (response.statusCode !== 200 || answer.access_token === undefined) throw new Error(`token: HTTP ${response.statusCode} ${JSON.stringify(answer)}`)
  return answer.access_token
}

export interface RegistryApi {
  clientId: string
  /** The Authorization header its calls carry (for routes outside /registro/v1). */
  headers: Record<string, string>
  get: (path: string) => Promise<JsonAnswer>
  post: (path: string, body?: unknown) => Promise<JsonAnswer>
  patch: (path: string, body: unknown) => Promise<JsonAnswer>
  delete: (path: string) => Promise<JsonAnswer>
}

/**
 * A registry client as SESAECH would create it (an operator, or an ente's client bound to its ente)
 * and its calls to `/registro/v1`, each with a token of its own scope.
 */
export async function registryApi (federation: RunningFederation, who: { operator: true } | { ente: string } | { scopes: string[] }): Promise<RegistryApi> {
  const scopes = 'operator' in who ? [REGISTRY_ADMIN_SCOPE] : 'ente' in who ? [REGISTRY_ENTE_SCOPE] : who.scopes
  const { client, secret } = await createClient(federation.platform.store, {
    name: 'operator' in who ? 'Operación SESAECH (prueba)' : 'ente' in who ? `Cliente de ${who.ente}` : 'Cliente sin registro',
    scopes,
    ...('ente' in who && { enteClave: who.ente })
  })
  const token = await clientToken(federation.gatewayUrl, client.clientId, secret)
  const auth = { authorization: `Bearer ${token}` }
  const base = `${federation.gatewayUrl}/registro/v1`
  return {
    clientId: client.clientId,
    headers: auth,
    get: async path => await requestJson('GET', `${base}${path}`, undefined, auth),
    post: async (path, body) => await requestJson('POST', `${base}${path}`, body ?? {}, auth),
    patch: async (path, body) => await requestJson('PATCH', `${base}${path}`, body, auth),
    delete: async path => await requestJson('DELETE', `${base}${path}`, undefined, auth)
  }
}

const TOWARD_TESTS = ['estandar', 'mecanismo', 'pruebas'] as const

/**
 * Onboards a (simulated) ente's connection for `system` through the registry API, as an operator
 * does: the ente, its connection, the stages up to `pruebas`, a connection test that must pass,
 * `aprobada` and `produccion`. Any refusal throws with the answer.
 */
export async function onboardThroughApi (gatewayUrl: string, auth: Record<string, string>, provider: SeedableEnte, system: SystemProfile): Promise<void> {
  const call = async (path: string, body: unknown, expected: number): Promise<JsonAnswer> => {
    const answer = await requestJson('POST', `${gatewayUrl}/registro/v1${path}`, body, auth)
    if (answer.status !== expected) throw new Error(`POST ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer
  }
  await call('/entes', enteInputOf(provider), 201)
  const connection = `/entes/${provider.clave}/conexiones/${system.id}`
  await call(connection, connectionInputOf(provider), 201)
  for (const stage of TOWARD_TESTS) await call(`${connection}/etapa`, { stage }, 200)
  const tested = await call(`${connection}/pruebas`, {}, 201)
  if (tested.body?.passed !== true) throw new Error(`the connection test of ${provider.clave}/${system.id} failed: ${JSON.stringify(tested.body)}`)
  await call(`${connection}/etapa`, { stage: 'aprobada' }, 200)
  await call(`${connection}/etapa`, { stage: 'produccion' }, 200)
}
