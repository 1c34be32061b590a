import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { REGISTRY_ADMIN_SCOPE } from '@see/auth'

// The operators' console keeps no session state of its own: the session cookie holds the
// operator's access token (HttpOnly, SameSite=Strict, Secure over https, only under /operador),
// which the server verifies on every request like any bearer token; it expires with the token.
// Forms carry a CSRF token derived from it, which a page of another site cannot know.

export const CONSOLE_PATH = '/operador'
const COOKIE = 'see_operador'

export interface OperatorSession {
  token: string
  clientId: string
  csrf: string
  jti: string
  exp: number
}

/** A form's CSRF token: derived from the session's token, which a page of another site cannot know. */
export function csrfOf (token: string): string {
  return createHash('sha256').update(`see-csrf\u0000${token}`).digest('base64url')
}

/** The signed-in operator, or undefined when the cookie is absent, expired, revoked or not an operator's. */
export async function sessionOf (app: FastifyInstance, request: FastifyRequest): Promise<OperatorSession | undefined> {
  const token = request.cookies[COOKIE]
  if (token === undefined || token === '') return undefined
  try {
    const claims = await app.oauth.verifyAccessToken(token, { requiredScope: REGISTRY_ADMIN_SCOPE })
    return { token, clientId: claims.client_id, csrf: csrfOf(token), jti: claims.jti, exp: claims.exp }
  } catch {
    return undefined
  }
}

export function startSession (app: FastifyInstance, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(COOKIE, token, { path: CONSOLE_PATH, httpOnly: true, sameSite: 'strict', secure: app.oauth.issuer.startsWith('https:'), maxAge: maxAgeSeconds })
}

/** Signing out revokes the session's token on every instance, then drops the cookie. */
export async function endSession (app: FastifyInstance, reply: FastifyReply, session: OperatorSession): Promise<void> {
  await app.oauth.revocations.revoke('jti', session.jti, Math.max(1, session.exp - Math.floor(Date.now() / 1000)))
  reply.clearCookie(COOKIE, { path: CONSOLE_PATH, httpOnly: true, sameSite: 'strict', secure: app.oauth.issuer.startsWith('https:') })
}

/** A form's CSRF token matches the session's. */
export function validCsrf (session: { csrf: string }, presented: unknown): boolean {
  if (typeof presented !== 'string') return false
  const a = Buffer.from(presented)
  const b = Buffer.from(session.csrf)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * A POST that a page of this origin sent. Browsers say where a request comes from in
 * `Sec-Fetch-Site`; under `Referrer-Policy: no-referrer` Chromium sends `Origin: null` on form
 * posts, so `Origin` is read only when `Sec-Fetch-Site` is absent (older browsers, non-browser
 * clients: the CSRF token still guards them). Login is checked too.
 */
export function sameOrigin (request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin'
  const origin = request.headers.origin
  return origin === undefined || origin === `${request.protocol}://${request.host}`
}
