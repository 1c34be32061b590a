import type { FastifyRequest } from 'fastify'
import { invalidClient, invalidRequest } from './errors.js'

export interface ClientCredentials {
  clientId: string
  secret: string | undefined
}

export interface CredentialFields {
  client_id?: string
  client_secret?: string
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic; clients that skip it still work. */
function formDecode (value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'))
  } catch {
    return value
  }
}

export function usesBasicAuth (request: FastifyRequest): boolean {
  return /^basic /i.test(request.headers.authorization ?? '')
}

function readBasic (header: string): ClientCredentials {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) throw invalidClient('La cabecera Authorization: Basic está mal formada.')
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) }
}

/**
 * The client credentials a request presents, from `Authorization: Basic` or the body. The PDN
 * sends both: that is accepted only when both name the same client with the same secret
 * (anything else is two authentication methods at once, `invalid_request` in RFC 6749 §5.2).
 */
export function readClientCredentials (request: FastifyRequest, body: CredentialFields): ClientCredentials | undefined {
  const fromBody = body.client_id === undefined ? undefined : { clientId: body.client_id, secret: body.client_secret }
  if (!usesBasicAuth(request)) {
    if (fromBody === undefined && body.client_secret !== undefined) throw invalidRequest('Se envió client_secret sin client_id.')
    return fromBody
  }
  const basic = readBasic(request.headers.authorization ?? '')
  if (fromBody !== undefined && fromBody.clientId !== basic.clientId) {
    throw invalidRequest('El client_id del cuerpo no coincide con el de Authorization: Basic; use un solo método de autenticación.')
  }
  if (body.client_secret !== undefined && body.client_secret !== basic.secret) {
    throw invalidRequest('El client_secret del cuerpo no coincide con el de Authorization: Basic; use un solo método de autenticación.')
  }
  return basic
}
