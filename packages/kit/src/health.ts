import type { FastifyInstance } from 'fastify'

/** What a readiness check found: its dependency answers, or answers in a degraded way. Throwing means down. */
export type ReadinessState = 'ok' | 'degraded'
export type ReadinessCheck = () => Promise<ReadinessState | undefined> | ReadinessState | undefined

declare module 'fastify' {
  interface FastifyInstance {
    /** Adds a check to `GET /health/ready` (e.g. the database, Redis, a system's service). */
    addReadinessCheck: (name: string, check: ReadinessCheck) => void
  }
}

/** A check slower than this counts as down: a probe must answer before the orchestrator gives up. */
const CHECK_TIMEOUT_MS = 1_500

async function stateOf (check: ReadinessCheck): Promise<ReadinessState | 'down'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'down'>(resolve => { timer = setTimeout(() => resolve('down'), CHECK_TIMEOUT_MS) })
  try {
    return await Promise.race([Promise.resolve().then(check).then(state => state ?? 'ok'), late])
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

/** Health probes are never shed by the load shedder: an overloaded process is alive, and says how it is. */
const probeConfig = { pressureHandler: () => undefined }

/**
 * `GET /health/live` answers while the process runs; `GET /health/ready` runs every check in
 * parallel and answers each one's state: 200 `ok` or `degraded` (e.g. Redis away, the in-process
 * fallback serving), 503 naming what is down, so an orchestrator stops routing to it; 503
 * `SEE_DRAINING` once a graceful shutdown began (see listen.ts).
 */
export function installHealth (app: FastifyInstance, initial: Record<string, ReadinessCheck>): void {
  const checks = new Map(Object.entries(initial))
  app.decorate('addReadinessCheck', (name: string, check: ReadinessCheck) => { checks.set(name, check) })
  const hide = { hide: true } as Record<string, unknown>
  app.get('/health/live', { schema: hide, logLevel: 'warn', config: probeConfig }, async () => ({ status: 'ok' }))
  app.get('/health/ready', { schema: hide, logLevel: 'warn', config: probeConfig }, async (request, reply) => {
    // Shutting down: readiness fails first, so the load balancer stops sending before the server closes.
    if (app.draining) return await reply.code(503).send({ code: 'SEE_DRAINING', message: 'El servicio se está deteniendo; use otra instancia.', status: 'draining' })
    const names = [...checks.keys()]
    const states = await Promise.all([...checks.values()].map(stateOf))
    const report = Object.fromEntries(names.map((name, i) => [name, states[i]!]))
    const down = names.filter((_, i) => states[i] === 'down')
    if (down.length > 0) {
      request.log.warn({ checks: report }, 'readiness check failed')
      return await reply.code(503).send({ code: 'SEE_NOT_READY', message: `El servicio no está listo: falla la verificación de ${down.join(', ')}.`, status: 'down', checks: report })
    }
    return { status: states.includes('degraded') ? 'degraded' : 'ok', checks: report }
  })
}
