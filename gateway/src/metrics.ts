import type { FastifyInstance } from 'fastify'
import { Counter, Gauge } from '@see/kit'
import { GRANT_TYPES } from '@see/auth'
import type { SystemProfile } from '@see/systems'
import { CACHE_HEADER } from './routes/systems/search.js'

const TOKEN_PATHS = new Set(['/oauth/token', '/oauth'])

/** The OAuth2 `error` of a refused token request, read from the answer about to be sent. */
function tokenError (payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined
  try {
    const error = (JSON.parse(payload) as { error?: unknown }).error
    return typeof error === 'string' && /^[a-z_]{1,40}$/.test(error) ? error : undefined
  } catch {
    return undefined
  }
}

/**
 * The gateway's own metrics, read from what it answers (no code of the cache or the token endpoint
 * changes for them): each federated page's cache state (`x-see-cache`: fresh, stale, miss, …) per
 * system, and each token request's grant and outcome (`ok` or the OAuth2 error).
 */
export function installGatewayMetrics (app: FastifyInstance, systems: SystemProfile[]): void {
  const pages = new Counter({
    name: 'see_cache_pages_total',
    help: 'Páginas federadas servidas, por sistema y estado de la caché (encabezado x-see-cache).',
    labelNames: ['system', 'state'] as const,
    registers: [app.metrics]
  })
  const tokens = new Counter({
    name: 'see_token_requests_total',
    help: 'Solicitudes a /oauth/token, por concesión y resultado (ok o el error de OAuth2).',
    labelNames: ['grant_type', 'outcome'] as const,
    registers: [app.metrics]
  })
  const systemOfRoute = new Map(systems.map(system => [system.paths.search, system.id]))
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url
    if (route === undefined) return payload
    const system = systemOfRoute.get(route)
    const state = reply.getHeader(CACHE_HEADER)
    if (system !== undefined && typeof state === 'string') pages.inc({ system, state })
    if (TOKEN_PATHS.has(route) && request.method === 'POST') {
      const grant = (request.body as { grant_type?: unknown } | undefined)?.grant_type
      const grantType = typeof grant === 'string' && (GRANT_TYPES as readonly string[]).includes(grant) ? grant : 'otra'
      tokens.inc({ grant_type: grantType, outcome: reply.statusCode < 400 ? 'ok' : tokenError(payload) ?? `http_${reply.statusCode}` })
    }
    return payload
  })
}

/** Connections of the Sistema Registral per system and stage, counted when Prometheus scrapes. */
export function installRegistryMetrics (app: FastifyInstance, pool: { query: (sql: string) => Promise<{ rows: unknown[] }> }): void {
  // eslint-disable-next-line no-new
  new Gauge({
    name: 'see_registry_connections',
    help: 'Conexiones del Sistema Registral, por sistema y etapa.',
    labelNames: ['system', 'stage'] as const,
    registers: [app.metrics],
    async collect () {
      const { rows } = await pool.query('SELECT system, stage, count(*)::int AS n FROM connections GROUP BY system, stage')
      this.reset()
      for (const row of rows as Array<{ system: string, stage: string, n: number }>) this.set({ system: row.system, stage: row.stage }, row.n)
    }
  })
}
