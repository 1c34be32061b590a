import type { FastifyInstance } from 'fastify'
import { signAccessToken } from '@see/auth'
import type { SystemProfile } from '@see/systems'
import { INCOMPLETE_HEADER } from '../routes/systems/search.js'

/** The client id the portal's tokens carry: its traffic is counted (and audited) as one public client. */
export const PORTAL_CLIENT_ID = 'see-portal'

const TOKEN_TTL_SECONDS = 300
/** A token is renewed this long before it expires, so a request never carries one about to lapse. */
const RENEW_BEFORE_MS = 60_000

/** A search body of a system's request schema, as the portal builds it from a URL. */
export interface PortalSearch {
  page: number
  pageSize: number
  query: Record<string, unknown>
  sort?: Record<string, 'asc' | 'desc'>
}

/** What the federation answered: the page, or the platform's `{code, message}` with its status. */
export type FederationAnswer =
  | { ok: true, results: Array<Record<string, unknown>>, pagination: { page: number, pageSize: number, totalRows: number, hasNextPage: boolean }, failed: Array<{ ente: string, code: string }> }
  | { ok: false, status: number, code: string, message: string, retryAfter?: string }

/** `CLAVE=CODE,…` of `x-see-incomplete`, as a list. */
export function parseIncomplete (header: string | string[] | number | undefined): Array<{ ente: string, code: string }> {
  if (typeof header !== 'string' || header === '') return []
  return header.split(',').map(part => {
    const [ente = '', code = ''] = part.split('=')
    return { ente: ente.trim(), code: code.trim() }
  }).filter(f => f.ente !== '')
}

/**
 * The portal as a client of the federation: it asks the public API in process (the same routes,
 * scope guard, validation, quotas and public-field policy as any client) with a token of its own
 * that carries only the federated systems' public read scopes. The token lives on the server and
 * never reaches a page.
 */
export function portalClient (app: FastifyInstance, systems: readonly SystemProfile[]): (system: SystemProfile, body: PortalSearch, requestId: string) => Promise<FederationAnswer> {
  let current: { token: string, renewAt: number } | undefined
  const token = async (): Promise<string> => {
    if (current !== undefined && Date.now() < current.renewAt) return current.token
    const signed = await signAccessToken(app.oauth.keys, {
      issuer: app.oauth.issuer,
      audience: app.oauth.audience,
      subject: PORTAL_CLIENT_ID,
      clientId: PORTAL_CLIENT_ID,
      scopes: systems.map(system => system.scope),
      ttlSeconds: TOKEN_TTL_SECONDS
    })
    current = { token: signed.token, renewAt: signed.claims.exp * 1000 - RENEW_BEFORE_MS }
    return signed.token
  }
  return async (system, body, requestId) => {
    const answer = await app.inject({
      method: 'POST',
      url: system.paths.search,
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', 'x-request-id': requestId },
      payload: JSON.stringify(body)
    })
    const parsed = answer.json<Record<string, unknown>>()
    if (answer.statusCode !== 200) {
      const retryAfter = answer.headers['retry-after']
      return {
        ok: false,
        status: answer.statusCode,
        code: String(parsed.code ?? 'SEE_ERROR'),
        message: String(parsed.message ?? 'La consulta no pudo completarse.'),
        ...(typeof retryAfter === 'string' && { retryAfter })
      }
    }
    return {
      ok: true,
      results: parsed.results as Array<Record<string, unknown>>,
      pagination: parsed.pagination as { page: number, pageSize: number, totalRows: number, hasNextPage: boolean },
      failed: parseIncomplete(answer.headers[INCOMPLETE_HEADER])
    }
  }
}
