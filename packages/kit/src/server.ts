import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import underPressure from '@fastify/under-pressure'
import { OverloadedError } from './errors.js'
import { installErrorHandling } from './error-handler.js'
import { installHealth, type ReadinessCheck } from './health.js'
import { installMetrics } from './metrics.js'
import { loggerOptions } from './logger.js'
import { trackAllowedMethods } from './method-not-allowed.js'
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js'
import { refuseUnsupportedCharacters } from './unsupported-characters.js'
import { installSecurityHeaders } from './security-headers.js'
import { registerTracing } from './tracing.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** True once a graceful shutdown has begun. */
    draining: boolean
  }
}

export interface ServerOptions {
  name: string
  logger?: FastifyServerOptions['logger']
  readiness?: Record<string, ReadinessCheck>
  /** Largest accepted request body in bytes. */
  bodyLimit?: number
  /** Event-loop delay (ms) beyond which new requests are shed with 503. 0 disables shedding. */
  maxEventLoopDelay?: number
  /**
   * Proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges): `request.ip` is then
   * the client's address, which throttling keys on. Default: none, `request.ip` is the peer.
   */
  trustProxy?: string[]
  /**
   * Prometheus metrics (default true). False leaves `app.metrics` an empty registry and observes
   * nothing per request: only `pnpm bench` turns them off, to measure what they cost.
   */
  metrics?: boolean
}

/**
 * The Fastify instance every SEE process starts from: request ids, security headers, the
 * `{code, message}` error model (405 with `Allow` for a method a path does not take), strict
 * validation (no type coercion, unknown fields rejected rather than dropped, every problem named,
 * no U+0000 nor unpaired surrogate anywhere), health routes and load shedding.
 */
export async function createServer (options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(options.name),
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    ...(options.trustProxy !== undefined && options.trustProxy.length > 0 && { trustProxy: options.trustProxy }),
    return503OnClosing: true,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        // Every problem of a request in one answer; describeValidation caps how many it names.
        allErrors: true,
        // OpenAPI documents are registered whole; these keys carry no validation meaning.
        keywords: ['components', 'example']
      }
    }
  })
  app.decorate('draining', false)
  // First, so every route and hook registered after it is traced (when tracing was started).
  await registerTracing(app)
  installMetrics(app, options.name, options.metrics !== false)
  // Before any route: every route added from here on is mirrored for the 405 answers.
  const allowedMethods = trackAllowedMethods(app)
  await installSecurityHeaders(app)
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id)
    // While shutting down, answers in flight close their keep-alive connection, so the server can
    // stop as soon as they are sent instead of waiting for idle sockets to time out.
    if (app.draining) reply.header('connection', 'close')
  })
  installErrorHandling(app, allowedMethods)
  refuseUnsupportedCharacters(app)
  installHealth(app, options.readiness ?? {})
  if ((options.maxEventLoopDelay ?? 1000) > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: options.maxEventLoopDelay ?? 1000,
      exposeStatusRoute: false,
      customError: OverloadedError
    })
  }
  return app
}
