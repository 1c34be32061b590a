import type { EnteAuth, EnteConnection } from '@see/openapi/types'
import { EnteCallError } from '../outcome-errors.js'
import { fetchText, parseJson } from './fetch-json.js'
import type { IssuedToken } from './token-cache.js'
import type { Pool } from 'undici'

/** Where a token is asked for: the connection's `tokenUrl`, else the reference servers' `/oauth/token` under the base URL. */
export function tokenUrlOf (connection: EnteConnection): URL {
  if (connection.tokenUrl !== undefined) return new URL(connection.tokenUrl)
  return new URL(`${connection.baseUrl.replace(/\/+$/, '')}/oauth/token`)
}

function required (auth: EnteAuth, fields: Array<'clientId' | 'clientSecret' | 'username' | 'password'>): void {
  const missing = fields.filter(field => auth[field] === undefined)
  if (missing.length > 0) throw new EnteCallError('ENTE_AUTH_FAILED', `(faltan en el registro: ${missing.join(', ')})`)
}

/**
 * The token request body and headers. Client credentials go BOTH in `Authorization: Basic` and in
 * the body, as the PDN sends them (NOTES.md §2); entes are built to accept exactly that.
 */
export function tokenRequestFor (auth: EnteAuth): { headers: Record<string, string>, body: string } {
  const form = new URLSearchParams()
  if (auth.kind === 'oauth2-password') {
    required(auth, ['clientId', 'clientSecret', 'username', 'password'])
    form.set('grant_type', 'password')
    form.set('username', auth.username ?? '')
    form.set('password', auth.password ?? '')
  } else if (auth.kind === 'oauth2-client-credentials') {
    required(auth, ['clientId', 'clientSecret'])
    form.set('grant_type', 'client_credentials')
  } else {
    throw new EnteCallError('ENTE_INTERNAL', `(el tipo de autenticación ${auth.kind} no usa un servidor de tokens)`)
  }
  form.set('client_id', auth.clientId ?? '')
  form.set('client_secret', auth.clientSecret ?? '')
  if (auth.scope !== undefined) form.set('scope', auth.scope)
  const basic = Buffer.from(`${auth.clientId ?? ''}:${auth.clientSecret ?? ''}`, 'utf8').toString('base64')
  return {
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json'
    },
    body: form.toString()
  }
}

/** Reads `{access_token, token_type?, expires_in?}`; anything else means the ente gave no usable token. */
export function parseTokenAnswer (data: unknown): IssuedToken {
  const answer = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>
  const accessToken = answer.access_token
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw new EnteCallError('ENTE_AUTH_FAILED', '(el servidor de tokens no entregó access_token)')
  }
  if (answer.token_type !== undefined && String(answer.token_type).toLowerCase() !== 'bearer') {
    throw new EnteCallError('ENTE_AUTH_FAILED', '(el token no es de tipo Bearer)')
  }
  const expiresIn = answer.expires_in
  const expiresInS = typeof expiresIn === 'number' && Number.isFinite(expiresIn)
    ? expiresIn
    : typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : undefined
  return { accessToken, expiresInS }
}

export interface TokenCall {
  pool: Pool
  url: URL
  auth: EnteAuth
  requestId: string
  signal: AbortSignal
  maxBytes: number
}

/** Asks the ente's token server for a new access token. */
export async function requestToken (call: TokenCall): Promise<IssuedToken> {
  const { headers, body } = tokenRequestFor(call.auth)
  const response = await fetchText(call.pool, {
    method: 'POST',
    url: call.url,
    headers: { ...headers, 'x-request-id': call.requestId },
    body,
    signal: call.signal,
    maxBytes: call.maxBytes
  })
  const { status } = response
  // 429 is the token server asking us to slow down, not a verdict on the credentials.
  if (status >= 500 || status === 429) {
    throw new EnteCallError('ENTE_HTTP_ERROR', `(el servidor de tokens respondió HTTP ${status})`, { status, retryAfterMs: response.retryAfterMs })
  }
  if (status < 200 || status >= 300) throw new EnteCallError('ENTE_AUTH_FAILED', `(el servidor de tokens respondió HTTP ${status})`, { status })
  return parseTokenAnswer(parseJson(response.text, 'respuesta del servidor de tokens'))
}
