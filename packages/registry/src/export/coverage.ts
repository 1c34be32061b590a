import type { RegistryCoverage, RegistryStage, RegistrySystem } from '@see/openapi/types'
import type pg from 'pg'
import { REGISTRY_SYSTEMS } from '../model/systems.js'

interface CoverageRow {
  clave: string
  nombre: string
  siglas: string | null
  system: RegistrySystem | null
  stage: RegistryStage | null
  stage_changed_at: Date | null
}

type CoverageEnte = RegistryCoverage['systems'][number]['entes'][number]

/** For each system, every registered ente and the stage of its connection (null: not connected). */
export async function registryCoverage (ctx: { pool: pg.Pool }): Promise<RegistryCoverage> {
  const { rows } = await ctx.pool.query<CoverageRow>(
    `SELECT e.clave, e.nombre, e.siglas, c.system, c.stage, c.stage_changed_at
       FROM entes e LEFT JOIN connections c ON c.ente_clave = e.clave
      ORDER BY e.clave COLLATE "C"`)
  const entes = new Map<string, CoverageRow>()
  const stageOf = new Map<string, CoverageRow>()
  for (const row of rows) {
    entes.set(row.clave, row)
    if (row.system !== null) stageOf.set(`${row.system}\u0000${row.clave}`, row)
  }
  return {
    entes: entes.size,
    systems: REGISTRY_SYSTEMS.map((system) => {
      const byStage: Record<string, number> = {}
      const list = [...entes.values()].map((ente): CoverageEnte => {
        const connection = stageOf.get(`${system}\u0000${ente.clave}`)
        const item: CoverageEnte = { clave: ente.clave, nombre: ente.nombre, stage: connection?.stage ?? null }
        if (ente.siglas !== null) item.siglas = ente.siglas
        if (connection?.stage_changed_at != null) item.stageChangedAt = connection.stage_changed_at.toISOString()
        if (connection?.stage != null) byStage[connection.stage] = (byStage[connection.stage] ?? 0) + 1
        return item
      })
      return { system, byStage, entes: list }
    })
  }
}
