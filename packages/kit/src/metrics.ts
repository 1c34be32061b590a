import { createServer as createHttpServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * This process's Prometheus metrics (prom-client). Served only by `startMetricsServer`, on an
     * internal port of its own (METRICS_PORT), never on the public one.
     */
    metrics: Registry
  }
}

/** Seconds: from a cached page (under 5 ms) to a federation deadline (3.5 s by default) and beyond. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * Gives the app its own registry (one per app, so that tests running several in one process keep
 * them apart) with the process's default metrics and `http_request_duration_seconds` per method,
 * route (the pattern, never the raw URL: no ids or query strings in label values) and status code.
 */
export function installMetrics (app: FastifyInstance, name: string, collect = true): void {
  const registry = new Registry()
  if (!collect) {
    app.decorate('metrics', registry)
    return
  }
  registry.setDefaultLabels({ process: name })
  collectDefaultMetrics({ register: registry })
  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duración de las solicitudes HTTP atendidas, por método, ruta y código de estado.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry]
  })
  app.decorate('metrics', registry)
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'sin-ruta'
    requests.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000)
  })
}

export interface MetricsServer {
  url: string
  close: () => Promise<void>
}

/**
 * `GET /metrics` in Prometheus' text format on an internal port (METRICS_PORT, METRICS_HOST):
 * apart from the public port, so that no public client reads it; the network (a NetworkPolicy,
 * an unpublished container port) decides who scrapes it.
 */
export async function startMetricsServer (registry: Registry, options: { port: number, host?: string }): Promise<MetricsServer> {
  const server: Server = createHttpServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Solo GET /metrics.\n')
      return
    }
    registry.metrics().then(
      text => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('No se pudieron reunir las métricas.\n')
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve())
  })
  const { address, port } = server.address() as AddressInfo
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`,
    close: async () => await new Promise<void>(resolve => server.close(() => resolve()))
  }
}
