import type { EnteAuth } from '@see/openapi/types'
import type { EnteEntry, UrlPolicy } from '@see/registry'
import { EnteCallError } from '../outcome-errors.js'
import { raceAbort } from './deadline.js'
import { fetchText, type EnteHttpResponse } from './fetch-json.js'
import { requestToken, tokenUrlOf } from './oauth.js'
import { EntePools, timeoutsOf } from './pool.js'
import { TokenCache, type SharedTokenTier } from './token-cache.js'

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024

export interface EnteClientOptions {
  /** Largest ente answer read, in bytes; beyond it the call fails with ENTE_RESPONSE_TOO_LARGE. */
  maxResponseBytes?: number
  /** Clock for token lifetimes (tests). */
  now?: () => number
  /** When given, every connection to an ente passes the SSRF guard. */
  urlPolicy?: UrlPolicy
  /** Tokens shared with the other instances (Redis); absent: in process only. */
  sharedTokens?: SharedTokenTier
}

/** What every call to an ente carries from the batch that caused it. */
export interface CallContext {
  /** The incoming request's id, sent on as `x-request-id` so one id follows the query end to end. */
  requestId: string
  /** The batch deadline: aborts when it passes. */
  signal: AbortSignal
  /** The same deadline as an instant on the `performance.now()` clock (the retry policy weighs what is left). */
  deadlineAt: number
  /**
   * The ente's own bound on the wait for a data answer to begin (its resilience guard sets it from
   * the ente's recent latency); the transfer of the body is bounded by the deadline alone.
   */
  headersTimeoutMs?: number
}

export interface EnteDataRequest {
  method: 'GET' | 'POST'
  /** Path under the ente's base URL, e.g. `/v1/spic`. */
  path: string
  /** JSON body. */
  body?: unknown
  /** Headers of the call itself (e.g. `idempotency-key`); the client's own win over them. */
  headers?: Record<string, string>
}

function refreshable (auth: EnteAuth): boolean {
  return auth.kind === 'oauth2-password' || auth.kind === 'oauth2-client-credentials'
}

/**
 * Whose token it is: the ente and the origin of the token server that issued it. A token is
 * never handed to the same ente once its registry entry names another token server.
 */
export function tokenKeyOf (entry: EnteEntry): string {
  return `${entry.clave}:${tokenUrlOf(entry.connection).origin}`
}

export function dataUrlOf (baseUrl: string, path: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, '')}${path}`)
}

/**
 * Talks to entes over HTTP with their credentials: pools per ente, cached tokens, one retry with a
 * fresh token when the ente answers 401. Knows nothing of what the calls mean (see spic.ts).
 */
export class EnteClient {
  private readonly pools: EntePools
  private readonly tokens: TokenCache
  private readonly maxBytes: number

  constructor (options: EnteClientOptions = {}) {
    this.pools = new EntePools(options.urlPolicy)
    this.tokens = new TokenCache({
      ...(options.now !== undefined && { now: options.now }),
      ...(options.sharedTokens !== undefined && { shared: options.sharedTokens })
    })
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  }

  async send (entry: EnteEntry, request: EnteDataRequest, context: CallContext): Promise<EnteHttpResponse> {
    const url = dataUrlOf(entry.connection.baseUrl, request.path)
    let token = await this.tokenFor(entry, context)
    let response = await this.exchange(entry, url, request, token, context)
    if (response.status === 401 && token !== undefined && refreshable(entry.connection.auth)) {
      await this.tokens.invalidate(tokenKeyOf(entry), token)
      token = await this.tokenFor(entry, context)
      response = await this.exchange(entry, url, request, token, context)
    }
    if (response.status === 401) throw new EnteCallError('ENTE_AUTH_FAILED', '(HTTP 401)', { status: 401 })
    return response
  }

  /**
   * One call with exactly this token (none when undefined): no token is asked for and a 401 is
   * answered as it came. A connection test uses it to check that the ente refuses strangers.
   */
  async sendAs (entry: EnteEntry, request: EnteDataRequest, token: string | undefined, context: CallContext): Promise<EnteHttpResponse> {
    return await this.exchange(entry, dataUrlOf(entry.connection.baseUrl, request.path), request, token, context)
  }

  async close (): Promise<void> {
    await this.pools.closeAll()
  }

  get poolCount (): number {
    return this.pools.size
  }

  private async exchange (entry: EnteEntry, url: URL, request: EnteDataRequest, token: string | undefined, context: CallContext): Promise<EnteHttpResponse> {
    const headers: Record<string, string> = { ...request.headers, accept: 'application/json', 'x-request-id': context.requestId }
    if (token !== undefined) headers.authorization = `Bearer ${token}`
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    return await fetchText(this.pools.poolFor(entry.clave, url, entry.connection), {
      method: request.method,
      url,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: context.signal,
      ...(context.headersTimeoutMs !== undefined && { headersTimeoutMs: context.headersTimeoutMs }),
      maxBytes: this.maxBytes
    })
  }

  /** A token the way the connection says (cached until it nears expiry); undefined for `none`. */
  async tokenFor (entry: EnteEntry, context: CallContext): Promise<string | undefined> {
    const { auth } = entry.connection
    if (auth.kind === 'none') return undefined
    if (auth.kind === 'static-bearer') {
      if (auth.token === undefined) throw new EnteCallError('ENTE_AUTH_FAILED', '(falta el token en el registro)')
      return auth.token
    }
    const url = tokenUrlOf(entry.connection)
    const timeouts = timeoutsOf(entry.connection)
    // The token request is shared by every concurrent caller, so it runs on its own clock rather
    // than the first caller's deadline; each caller still stops waiting at its own deadline.
    const issue = async (): Promise<{ accessToken: string, expiresInS: number | undefined }> => await requestToken({
      pool: this.pools.poolFor(entry.clave, url, entry.connection),
      url,
      auth,
      requestId: context.requestId,
      signal: AbortSignal.timeout(timeouts.connectMs + timeouts.headersMs + timeouts.bodyMs),
      maxBytes: this.maxBytes
    })
    return await raceAbort(this.tokens.get(tokenKeyOf(entry), issue), context.signal)
  }
}
