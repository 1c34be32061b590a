/** Error codes of RFC 6749 §5.2, plus the two this server adds for throttling and failures. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'temporarily_unavailable'
  | 'server_error'

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  temporarily_unavailable: 429,
  server_error: 500
}

/** The platform's stable `code` for each OAuth2 error, so `{code, message}` clients read them too. */
export const PLATFORM_CODES: Record<OAuthErrorCode, string> = {
  invalid_request: 'SEE_OAUTH_INVALID_REQUEST',
  invalid_client: 'SEE_OAUTH_INVALID_CLIENT',
  invalid_grant: 'SEE_OAUTH_INVALID_GRANT',
  unauthorized_client: 'SEE_OAUTH_UNAUTHORIZED_CLIENT',
  unsupported_grant_type: 'SEE_OAUTH_UNSUPPORTED_GRANT_TYPE',
  invalid_scope: 'SEE_OAUTH_INVALID_SCOPE',
  temporarily_unavailable: 'SEE_OAUTH_RATE_LIMITED',
  server_error: 'SEE_OAUTH_SERVER_ERROR'
}

/** The body of every error of the token, revocation and introspection endpoints. */
export interface OAuthErrorBody {
  error: OAuthErrorCode
  error_description: string
  code: string
  message: string
}

/**
 * A refusal of the authorization server. `message` is Spanish for people; `error_description`
 * carries the same text folded to the ASCII subset RFC 6749 §5.2 allows in that field.
 */
export class OAuthError extends Error {
  readonly error: OAuthErrorCode
  readonly statusCode: number
  readonly code: string
  /** Seconds a throttled client should wait. */
  retryAfter?: number

  constructor (error: OAuthErrorCode, message: string, answer?: { statusCode: number, code: string }) {
    super(message)
    this.name = 'OAuthError'
    this.error = error
    this.statusCode = answer?.statusCode ?? STATUS[error]
    this.code = answer?.code ?? PLATFORM_CODES[error]
  }

  toBody (): OAuthErrorBody {
    return { error: this.error, error_description: asciiDescription(this.message), code: this.code, message: this.message }
  }
}

/** RFC 6749 allows only %x20-21 / %x23-5B / %x5D-7E in error_description. */
export function asciiDescription (text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '')
}

export const invalidRequest = (message: string): OAuthError => new OAuthError('invalid_request', message)
export const invalidClient = (message = 'Autenticación del cliente fallida: cliente desconocido, deshabilitado o secreto incorrecto.'): OAuthError => new OAuthError('invalid_client', message)
export const invalidGrant = (message: string): OAuthError => new OAuthError('invalid_grant', message)
export const unauthorizedClient = (message: string): OAuthError => new OAuthError('unauthorized_client', message)
export const invalidScope = (message: string): OAuthError => new OAuthError('invalid_scope', message)
export const unsupportedGrantType = (grant: string): OAuthError =>
  new OAuthError('unsupported_grant_type', `Tipo de concesión no admitido: ${grant.slice(0, 50)}. Use password, client_credentials o refresh_token.`)
/** Code of a 503 answer: the server is saturated (password verifications, database, event loop), not refusing the caller. */
export const BUSY_CODE = 'SEE_OAUTH_BUSY'

/**
 * The server cannot take this request now (RFC 6749's `temporarily_unavailable`, as 503 with
 * Retry-After): it never answers 500 because it is busy.
 */
export function busy (retryAfterSeconds = 1): OAuthError {
  const error = new OAuthError('temporarily_unavailable', `El servidor de autorización está saturado; reintente en ${retryAfterSeconds} s.`, { statusCode: 503, code: BUSY_CODE })
  error.retryAfter = retryAfterSeconds
  return error
}

export function throttled (retryAfterSeconds: number): OAuthError {
  const error = new OAuthError('temporarily_unavailable', `Demasiadas solicitudes; reintente en ${retryAfterSeconds} s.`)
  error.retryAfter = retryAfterSeconds
  return error
}
