import { FastifyOtelInstrumentation } from '@fastify/otel'
import { trace, type Context, type Span } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchSpanProcessor, SimpleSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from './env.js'
import { REDACTED, redactUrl } from './logger.js'

// OpenTelemetry tracing, off unless TRACING=true: one trace from the PDN's request through the
// gateway, over HTTP to a system's service (W3C `traceparent`, injected by the undici
// instrumentation and extracted by @fastify/otel), and on to each ente's call. Every span carries
// the request id (`see.request_id`), which the services receive as `x-request-id`, so a trace and
// the log lines of one query are found by the same id. Spans carry no query text: URLs lose their
// query string and credential-bearing parameters are never recorded.

export const tracingEnv = {
  TRACING: Type.Optional(Type.Boolean({ description: 'Trazas OpenTelemetry (true o false; apagadas por omisión): se envían por OTLP/HTTP a OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.' })),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://', description: 'Con TRACING=true: colector OTLP/HTTP de trazas (por omisión http://localhost:4318/v1/traces).' }))
}

/** The span attribute that carries the request id (the `reqId` of the log lines). */
export const REQUEST_ID_ATTRIBUTE = 'see.request_id'

export interface TracingOptions {
  /** `service.name` of the spans: `gateway`, `s2`, … */
  serviceName: string
  /** Where finished spans go (tests: an in-memory exporter); by default OTLP/HTTP to `endpoint`. */
  exporter?: SpanExporter
  /** The OTLP/HTTP traces endpoint when no `exporter` is given. */
  endpoint?: string
  /**
   * `batch` (the default with OTLP: spans leave in the background, in batches) or `simple` (each
   * span handed to the exporter as it ends: the default with a given exporter, for tests).
   */
  processor?: 'batch' | 'simple'
}

export interface Tracing {
  /** Sends what is pending and stops tracing. */
  shutdown: () => Promise<void>
}

/** Copies the request id from a span's local parent, so every span of a request carries it. */
class RequestIdProcessor implements SpanProcessor {
  onStart (span: Span, parent: Context): void {
    const from = trace.getSpan(parent) as unknown as Partial<ReadableSpan> | undefined
    const id = from?.attributes?.[REQUEST_ID_ATTRIBUTE]
    if (id !== undefined) span.setAttribute(REQUEST_ID_ATTRIBUTE, id)
  }

  onEnd (): void {}
  async forceFlush (): Promise<void> {}
  async shutdown (): Promise<void> {}
}

/** A URL without its query string (it may hold names, RFCs or tokens). */
function withoutQuery (url: string): string {
  const at = url.indexOf('?')
  return at === -1 ? url : url.slice(0, at)
}

let fastifyInstrumentation: FastifyOtelInstrumentation | undefined

/**
 * Starts tracing for this process: the tracer provider (global, with the async context manager and
 * W3C propagation), the undici instrumentation (every outgoing call made on behalf of a request) and
 * the Fastify instrumentation every server made by `createServer` from then on registers. Call it
 * before creating the servers.
 */
export function startTracing (options: TracingOptions): Tracing {
  const exporter = options.exporter ?? new OTLPTraceExporter(options.endpoint === undefined ? {} : { url: options.endpoint })
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new RequestIdProcessor(),
      (options.processor ?? (options.exporter === undefined ? 'batch' : 'simple')) === 'batch' ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)
    ]
  })
  provider.register()
  const undici = new UndiciInstrumentation({
    // Calls outside a request (key sets, background refreshes) start no trace of their own.
    requireParentforSpans: true,
    startSpanHook: request => {
      const url = `${request.origin}${request.path}`
      const full = withoutQuery(url)
      return { 'url.full': full, 'url.query': full === url ? '' : REDACTED }
    }
  })
  undici.setTracerProvider(provider)
  undici.enable()
  const fastify = new FastifyOtelInstrumentation({
    instrumentHooks: false,
    requestHook: (span: Span, request: FastifyRequest) => {
      span.setAttribute(REQUEST_ID_ATTRIBUTE, request.id)
      span.setAttribute('url.path', redactUrl(withoutQuery(request.url)))
    }
  })
  fastify.setTracerProvider(provider)
  fastifyInstrumentation = fastify
  return {
    async shutdown () {
      fastifyInstrumentation = undefined
      undici.disable()
      fastify.disable()
      await provider.shutdown()
      trace.disable()
    }
  }
}

/** Registers request tracing on a server being built, when tracing was started (before any route). */
export async function registerTracing (app: FastifyInstance): Promise<void> {
  if (fastifyInstrumentation === undefined) return
  await app.register(fastifyInstrumentation.plugin())
}

/** `trace_id` and `span_id` of the active span for a log line (pino's `mixin`); nothing when tracing is off. */
export function traceFields (): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext()
  return context === undefined ? {} : { trace_id: context.traceId, span_id: context.spanId }
}

/** Tracing as the environment asks (`TRACING`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`): started, or undefined when off. */
export function tracingFromEnv (config: { TRACING?: boolean | undefined, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined }, serviceName: string): Tracing | undefined {
  if (config.TRACING !== true) return undefined
  return startTracing({ serviceName, ...(config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined && { endpoint: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT }) })
}
