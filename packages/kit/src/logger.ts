import type { FastifyServerOptions } from 'fastify'

/**
 * Pino options shared by every process. Credentials never reach a log line: headers and body
 * fields that may carry them are redacted by path.
 */
export function loggerOptions (name: string, level = process.env.LOG_LEVEL ?? 'info'): FastifyServerOptions['logger'] {
  return {
    name,
    level,
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
      censor: '[redactado]'
    }
  }
}
