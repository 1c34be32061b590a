import type { FastifyPluginAsync } from 'fastify'
import { listAudit, pdnProviders, registryCoverage } from '@see/registry'
import { withLiveCoverage } from '../../monitor/coverage.js'
import { enteHealth } from '../../monitor/history.js'
import { actorOf, registryRoute, requireOperator } from './operation.js'

const operacion: FastifyPluginAsync = async (app) => {
  const { ctx } = app.registry

  registryRoute<{ Querystring: { ente?: string, antesDe?: string, limite?: string } }>(app, 'GET', '/auditoria', async (request) => {
    const actor = actorOf(request)
    requireOperator(actor, 'consultar la bitácora de auditoría')
    const { ente, antesDe, limite } = request.query
    return await listAudit(ctx, actor, {
      ...(ente !== undefined && { ente }),
      ...(antesDe !== undefined && { beforeId: Number(antesDe) }),
      ...(limite !== undefined && { limit: Number(limite) })
    })
  })

  // Never with credentials: the API returns no secret (the CLI can export them for the PDN).
  registryRoute(app, 'GET', '/proveedores-pdn', async request => await pdnProviders(ctx, actorOf(request)))

  registryRoute(app, 'GET', '/cobertura', async (request) => {
    requireOperator(actorOf(request), 'consultar la cobertura')
    // Live: which connections in production answered their latest probe (monitor/), not the stages alone.
    const now = new Date()
    const [coverage, health] = await Promise.all([registryCoverage(ctx), enteHealth(ctx.pool, now)])
    return withLiveCoverage(coverage, health, now)
  })

  // From the monitor's history (monitor/): instant, whatever the entes do right now.
  registryRoute(app, 'GET', '/monitor', async (request) => {
    requireOperator(actorOf(request), 'consultar el monitor de entes')
    return await enteHealth(ctx.pool, new Date())
  })
}

export default operacion
