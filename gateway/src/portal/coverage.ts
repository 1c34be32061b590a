import type { FastifyInstance } from 'fastify'
import { registryCoverage } from '@see/registry'
import type { SystemId } from '@see/systems'

/** An ente of a system as the portal shows it: who it is and the stage of its connection. */
export interface CoveredEnte {
  clave: string
  nombre: string
  /** `produccion` answers searches; `mantenimiento` is shown as such; others are on their way. */
  stage: string
}

export type Coverage = ReadonlyMap<SystemId, CoveredEnte[]>

/** How long the coverage read from the registry is reused: a page view must not cost a query. */
const COVERAGE_TTL_MS = 10_000

/**
 * The entes of every system and their stages: from the Sistema Registral when the gateway has
 * one, else every ente of the directory in production. Read at most every 10 s.
 */
export function coverageSource (app: FastifyInstance): () => Promise<Coverage> {
  let kept: { at: number, coverage: Coverage } | undefined
  const read = async (): Promise<Coverage> => {
    if (app.hasDecorator('registry')) {
      const coverage = await registryCoverage(app.registry.ctx)
      return new Map(coverage.systems.map(system => [
        system.system,
        system.entes.flatMap(ente => ente.stage === null ? [] : [{ clave: ente.clave, nombre: ente.nombre, stage: ente.stage }])
      ]))
    }
    return new Map([...app.federations.values()].map(f => [
      f.system.id,
      f.directory.list(f.system.id).map(ente => ({ clave: ente.clave, nombre: ente.nombre, stage: 'produccion' }))
    ]))
  }
  return async () => {
    if (kept !== undefined && Date.now() - kept.at < COVERAGE_TTL_MS) return kept.coverage
    kept = { at: Date.now(), coverage: await read() }
    return kept.coverage
  }
}
