import { systemById, type SystemId } from '@see/systems'
import type { SimulatedProvider } from '../../src/index.js'

// A minimal SESNA v1 client, shaped like the PDN's calls: form-encoded password grant with the
// client in Basic and in the body, then Bearer data calls.

export function basic (id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
}

export async function requestToken (provider: SimulatedProvider, overrides: Record<string, string> = {}, authorization?: string): Promise<Response> {
  const { clientId, clientSecret, username, password } = provider.credentials
  const form = { grant_type: 'password', username, password, client_id: clientId, client_secret: clientSecret, ...overrides }
  return await fetch(provider.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: authorization ?? basic(clientId, clientSecret) },
    body: new URLSearchParams(form)
  })
}

export async function token (provider: SimulatedProvider): Promise<string> {
  const response = await requestToken(provider)
  if (response.status !== 200) throw new Error(`token: ${response.status}`)
  return ((await response.json()) as { access_token: string }).access_token
}

export async function postSpic (provider: SimulatedProvider, body: unknown, accessToken?: string, init: RequestInit = {}): Promise<Response> {
  const bearer = accessToken ?? await token(provider)
  return await fetch(`${provider.url}/v1/spic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
    ...init
  })
}

export async function getDependencias (provider: SimulatedProvider, accessToken?: string, init: RequestInit = {}): Promise<Response> {
  const bearer = accessToken ?? await token(provider)
  return await fetch(`${provider.url}/v1/spic/dependencias`, { headers: { authorization: `Bearer ${bearer}` }, ...init })
}

/** A search at a system's standard path (`profile.paths.search`). */
export async function postSearch (provider: SimulatedProvider, system: SystemId, body: unknown, accessToken?: string, init: RequestInit = {}): Promise<Response> {
  const bearer = accessToken ?? await token(provider)
  return await fetch(`${provider.url}${systemById(system).paths.search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
    ...init
  })
}

/** The institutions at a system's standard path (`profile.paths.dependencias`). */
export async function getDependenciasOf (provider: SimulatedProvider, system: SystemId, accessToken?: string, init: RequestInit = {}): Promise<Response> {
  const bearer = accessToken ?? await token(provider)
  return await fetch(`${provider.url}${systemById(system).paths.dependencias}`, { headers: { authorization: `Bearer ${bearer}` }, ...init })
}
