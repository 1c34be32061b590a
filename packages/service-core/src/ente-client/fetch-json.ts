import type { Readable } from 'node:stream'
import type { Pool } from 'undici'
import { EnteCallError } from '../outcome-errors.js'
import { classifyNetworkError } from './network-errors.js'
import { parseRetryAfter } from './retry-after.js'

export interface EnteHttpRequest {
  method: 'GET' | 'POST'
  url: URL
  headers: Record<string, string>
  body?: string
  /** The caller's deadline; aborting it ends the call with ENTE_TIMEOUT. */
  signal: AbortSignal
  /** Wait for the answer's headers beyond which the call is ENTE_TIMEOUT (undici's `headersTimeout`); the signal still bounds all of it. */
  headersTimeoutMs?: number
  maxBytes: number
}

export interface EnteHttpResponse {
  status: number
  text: string
  /** The wait the ente asked for in `Retry-After`, in ms (read on 429/503 answers). */
  retryAfterMs: number | undefined
}

async function readCapped (body: Readable, declaredLength: string | string[] | undefined, maxBytes: number): Promise<string> {
  const tooLarge = (): EnteCallError => {
    // Destroying the body closes the connection (the rest is never read); undici then emits an
    // abort error nobody needs to hear about.
    body.on('error', () => {})
    body.destroy()
    return new EnteCallError('ENTE_RESPONSE_TOO_LARGE', `(más de ${maxBytes} bytes)`)
  }
  if (typeof declaredLength === 'string' && Number(declaredLength) > maxBytes) throw tooLarge()
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of body) {
    const buffer = chunk as Buffer
    total += buffer.length
    if (total > maxBytes) throw tooLarge()
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * One HTTP exchange with an ente through its pool: the body is read up to `maxBytes` (an ente
 * cannot exhaust memory) and every transport failure becomes an EnteCallError.
 */
export async function fetchText (pool: Pool, request: EnteHttpRequest): Promise<EnteHttpResponse> {
  try {
    const response = await pool.request({
      method: request.method,
      path: `${request.url.pathname}${request.url.search}`,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
      ...(request.headersTimeoutMs !== undefined && { headersTimeout: request.headersTimeoutMs })
    })
    const text = await readCapped(response.body, response.headers['content-length'], request.maxBytes)
    return { status: response.statusCode, text, retryAfterMs: parseRetryAfter(response.headers['retry-after']) }
  } catch (err) {
    throw classifyNetworkError(err, request.signal)
  }
}

/** Parses an ente's answer; anything but JSON is ENTE_MALFORMED_RESPONSE. */
export function parseJson (text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new EnteCallError('ENTE_MALFORMED_RESPONSE', `(${what})`)
  }
}
