import { randomBytes } from 'node:crypto'
import { createClient } from '@see/auth'
import type { TestFederation } from './federation.js'
import { postForm } from './http.js'

/**
 * Authorization header of a new client_credentials client holding `scopes` (e.g. a system's read
 * scope and its privileged `read:<system>:privado`), with a fresh token from the gateway.
 */
export async function bearerWithScopes (federation: Pick<TestFederation, 'platform' | 'gatewayUrl'>, scopes: string[]): Promise<Record<string, string>> {
  const clientId = `prueba-${randomBytes(4).toString('hex')}`
  const { secret } = await createClient(federation.platform.store, { name: 'Cliente de prueba', clientId, scopes, grants: ['client_credentials'] })
  const answer = await postForm(`${federation.gatewayUrl}/oauth/token`, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret })
  if (answer.status !== 200) throw new Error(`token for ${clientId}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return { authorization: `Bearer ${String(answer.body.access_token)}` }
}
