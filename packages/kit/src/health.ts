import type { FastifyInstance } from 'fastify'

export type ReadinessCheck = () => Promise<void> | void

/**
 * `GET /health/live` answers while the process runs; `GET /health/ready` runs every registered
 * check and answers 503 naming the failing one, so an orchestrator stops routing to it.
 */
export function installHealth (app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  const hide = { hide: true } as Record<string, unknown>
  app.get('/health/live', { schema: hide, logLevel: 'warn' }, async () => ({ status: 'ok' }))
  app.get('/health/ready', { schema: hide, logLevel: 'warn' }, async (request, reply) => {
    for (const [name, check] of Object.entries(checks)) {
      try {
        await check()
      } catch (err) {
        request.log.warn({ err, check: name }, 'readiness check failed')
        return reply.code(503).send({ code: 'SEE_NOT_READY', message: `El servicio no está listo: falla la verificación «${name}».` })
      }
    }
    return { status: 'ok' }
  })
}
