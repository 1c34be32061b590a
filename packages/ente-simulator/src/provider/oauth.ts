import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { OAuthError, TokenResponse } from '@see/openapi/types'
import type { ProviderCredentials } from '../types.js'
import type { TokenStore } from './tokens.js'

// `POST /oauth/token`: the password grant as the PDN uses it, client credentials both in
// `Authorization: Basic` and in the body (RFC 6749 §2.3.1 allows either; the PDN sends both).

interface ClientCredentials {
  id: string
  secret?: string | undefined
}

type OAuthErrorKind = 'invalid_request' | 'unsupported_grant_type' | 'invalid_client' | 'invalid_grant'

const ERROR_STATUS: Record<OAuthErrorKind, number> = { invalid_request: 400, unsupported_grant_type: 400, invalid_client: 401, invalid_grant: 401 }

class TokenRequestError extends Error {
  constructor (readonly kind: OAuthErrorKind, message: string) {
    super(message)
  }
}

function field (body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function decodeComponent (text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** Reads `Authorization: Basic`; RFC 6749 form-encodes id and secret before base64, most clients do not. */
function basicCredentials (header: string | undefined): ClientCredentials | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) throw new TokenRequestError('invalid_client', 'La cabecera Authorization Basic está mal formada.')
  return { id: decodeComponent(decoded.slice(0, colon)), secret: decodeComponent(decoded.slice(colon + 1)) }
}

function authenticateClient (request: FastifyRequest, body: Record<string, unknown>, expected: ProviderCredentials): void {
  const basic = basicCredentials(request.headers.authorization)
  const bodyId = field(body, 'client_id')
  const inBody = bodyId === undefined ? undefined : { id: bodyId, secret: field(body, 'client_secret') }
  const presented = [basic, inBody].filter((c): c is ClientCredentials => c !== undefined)
  if (presented.length === 0) throw new TokenRequestError('invalid_client', 'Faltan las credenciales del cliente.')
  if (basic !== undefined && inBody !== undefined && basic.id !== inBody.id) {
    throw new TokenRequestError('invalid_client', 'El cliente de la cabecera Authorization y el del cuerpo no coinciden.')
  }
  const valid = presented.every(c => c.id === expected.clientId && (c.secret === undefined || c.secret === expected.clientSecret))
  if (!valid || presented.every(c => c.secret === undefined)) throw new TokenRequestError('invalid_client', 'Cliente desconocido o secreto incorrecto.')
}

function issueToken (request: FastifyRequest, expected: ProviderCredentials, tokens: TokenStore): TokenResponse {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
  const grantType = field(body, 'grant_type')
  if (grantType === undefined) throw new TokenRequestError('invalid_request', 'Falta grant_type.')
  if (grantType !== 'password') throw new TokenRequestError('unsupported_grant_type', `grant_type «${grantType}» no admitido; use password.`)
  authenticateClient(request, body, expected)
  if (field(body, 'username') !== expected.username || field(body, 'password') !== expected.password) {
    throw new TokenRequestError('invalid_grant', 'Usuario o contraseña incorrectos.')
  }
  const scope = field(body, 'scope')
  return { access_token: tokens.issue(), token_type: 'Bearer', expires_in: tokens.ttlSeconds, ...(scope !== undefined && { scope }) }
}

function sendOAuthError (reply: FastifyReply, error: TokenRequestError): FastifyReply {
  const body: OAuthError = { error: error.kind, error_description: error.message, code: `SIM_${error.kind.toUpperCase()}`, message: error.message }
  if (error.kind === 'invalid_client') reply.header('www-authenticate', 'Basic realm="oauth"')
  return reply.code(ERROR_STATUS[error.kind]).header('cache-control', 'no-store').send(body)
}

export function registerTokenRoute (app: FastifyInstance, credentials: ProviderCredentials, tokens: TokenStore, gate: onRequestHookHandler): void {
  app.post('/oauth/token', { onRequest: gate }, async (request, reply) => {
    try {
      const answer = issueToken(request, credentials, tokens)
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer)
    } catch (err) {
      if (err instanceof TokenRequestError) return sendOAuthError(reply, err)
      throw err
    }
  })
}
