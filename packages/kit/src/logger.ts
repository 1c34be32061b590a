import type { FastifyServerOptions } from 'fastify'
import { traceFields } from './tracing.js'

export const REDACTED = '[redactado]'

/** Query parameters that may carry a credential (RFC 6750 §2.3 allows `access_token` in the URL). */
const SECRET_QUERY_PARAMETERS = new Set(['access_token', 'token', 'client_secret', 'password', 'refresh_token'])

function parameterName (raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase()
  } catch {
    return raw.toLowerCase()
  }
}

/**
 * The URL with the values of credential-carrying query parameters replaced by `[redactado]`;
 * everything else is kept byte for byte. Names are compared decoded and case-insensitively, so
 * `access%5Ftoken` or `Password` are caught too.
 */
export function redactUrl (url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return url
  const parameters = url.slice(start + 1).split('&').map(part => {
    const eq = part.indexOf('=')
    if (eq === -1 || !SECRET_QUERY_PARAMETERS.has(parameterName(part.slice(0, eq)))) return part
    return `${part.slice(0, eq)}=${REDACTED}`
  })
  return `${url.slice(0, start + 1)}${parameters.join('&')}`
}

/** What the request serializer reads: a Fastify request (or anything shaped like one). */
export interface LoggedRequest {
  method: string
  url: string
  headers?: Record<string, string | string[] | undefined>
  host?: string
  ip?: string
  socket?: { remotePort?: number | undefined }
}

/** Fastify's default `req` serializer (same fields), with credentials taken out of the URL. */
export function requestSerializer (req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort
  }
}

/**
 * Pino options shared by every process. Credentials never reach a log line: headers and body
 * fields that may carry them are redacted by path, and query parameters by the `req` serializer.
 */
export function loggerOptions (name: string, level = process.env.LOG_LEVEL ?? 'info'): FastifyServerOptions['logger'] {
  return {
    name,
    level,
    serializers: { req: requestSerializer },
    // With tracing on, each line names its trace and span beside the request id (`reqId`).
    mixin: traceFields,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.password',
        '*.client_secret',
        '*.access_token',
        '*.refresh_token',
        '*.secret'
      ],
      censor: REDACTED
    }
  }
}
