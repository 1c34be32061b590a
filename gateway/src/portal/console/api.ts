import type { FastifyInstance, FastifyRequest } from 'fastify'
import { REGISTRY_ADMIN_SCOPE } from '@see/auth'

export type ApiAnswer<T> = { ok: true, body: T } | { ok: false, status: number, message: string }

/**
 * The console does what it shows through the operators' API, in process, as the signed-in
 * operator: the same authorization, validation and audit as any client of `/registro/v1`.
 */
export async function operatorApi<T> (app: FastifyInstance, request: FastifyRequest, token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<ApiAnswer<T>> {
  const answer = await app.inject({
    method,
    url,
    remoteAddress: request.ip,
    headers: { authorization: `Bearer ${token}`, 'x-request-id': request.id, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) })
  })
  const parsed = answer.body === '' ? undefined : answer.json<unknown>()
  if (answer.statusCode >= 400) return { ok: false, status: answer.statusCode, message: String((parsed as { message?: unknown } | undefined)?.message ?? 'La operación no pudo completarse.') }
  return { ok: true, body: parsed as T }
}

/**
 * A client's token from its OAuth2 client credentials, through the token endpoint (its
 * throttling sees the person's address, not the page's): operators' and entes' clients sign in so.
 */
export async function clientToken (app: FastifyInstance, request: FastifyRequest, clientId: string, clientSecret: string, scope: string): Promise<ApiAnswer<{ access_token: string, expires_in: number }>> {
  const answer = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    remoteAddress: request.ip,
    headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': request.id },
    payload: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString()
  })
  const parsed = answer.json<{ access_token?: string, expires_in?: number }>()
  if (answer.statusCode !== 200 || parsed.access_token === undefined) {
    return { ok: false, status: answer.statusCode === 200 ? 401 : answer.statusCode, message: `No se pudo iniciar sesión: revise el identificador y el secreto del cliente (alcance ${scope}).` }
  }
  return { ok: true, body: { access_token: parsed.access_token, expires_in: parsed.expires_in ?? 900 } }
}

/** An operator's token from its OAuth2 client credentials (a `registry:admin` client). */
export async function operatorToken (app: FastifyInstance, request: FastifyRequest, clientId: string, clientSecret: string): Promise<ApiAnswer<{ access_token: string, expires_in: number }>> {
  const answer = await clientToken(app, request, clientId, clientSecret, REGISTRY_ADMIN_SCOPE)
  return answer.ok ? answer : { ...answer, message: 'No se pudo iniciar sesión: revise el identificador y el secreto del cliente de operador (alcance registry:admin).' }
}
