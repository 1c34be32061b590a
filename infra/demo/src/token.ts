import { request } from 'undici'
import type { DemoCredentials } from './demo-access.js'

/**
 * The PDN federation client's token request: form-urlencoded password grant with the client
 * credentials both in `Authorization: Basic` and in the body.
 */
export function passwordGrantRequest (credentials: DemoCredentials): { headers: Record<string, string>, body: string } {
  const basic = Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString('base64')
  const body = new URLSearchParams({
    grant_type: 'password',
    username: credentials.username,
    password: credentials.password,
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret
  })
  return { headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() }
}

/** Gets a token exactly as the PDN does (see `passwordGrantRequest`). */
export async function passwordGrant (tokenUrl: string, credentials: DemoCredentials): Promise<string> {
  const response = await request(tokenUrl, { method: 'POST', ...passwordGrantRequest(credentials) })
  const answer = await response.body.json() as { access_token?: string, code?: string }
  if (response.statusCode !== 200 || !answer.access_token) throw new Error(`token request failed: ${response.statusCode} ${answer.code ?? ''}`)
  return answer.access_token
}
