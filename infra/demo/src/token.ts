import { setTimeout as sleep } from 'node:timers/promises'
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

/** Busy answers (503 with Retry-After) a token request waits out before giving up. */
const BUSY_RETRIES = 5
/** The longest wait between tries, whatever Retry-After says: a demo or test client should not stall. */
const MAX_RETRY_WAIT_MS = 2000

/**
 * Gets a token exactly as the PDN does (see `passwordGrantRequest`). A busy authorization server
 * (503 with Retry-After: its password verifications are bounded) is asked again after the wait it
 * names, as a well-behaved client does; any other refusal fails at once.
 */
export async function passwordGrant (tokenUrl: string, credentials: DemoCredentials): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const response = await request(tokenUrl, { method: 'POST', ...passwordGrantRequest(credentials) })
    const answer = await response.body.json() as { access_token?: string, code?: string }
    if (response.statusCode === 200 && answer.access_token) return answer.access_token
    if (response.statusCode !== 503 || attempt >= BUSY_RETRIES) throw new Error(`token request failed: ${response.statusCode} ${answer.code ?? ''}`)
    const retryAfterS = Number(response.headers['retry-after'])
    await sleep(Math.min(MAX_RETRY_WAIT_MS, Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS * 1000 : 250))
  }
}
