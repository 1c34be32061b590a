import type { RegistryStage, RegistryStageHistoryEntry } from '@see/openapi/types'
import { actorColumns, actorFromColumns, assertMayAccessEnte, type Actor } from '../model/actor.js'
import type { Queryable, RegistryContext } from './context.js'

export async function appendStageHistory (
  db: Queryable, actor: Actor, ente: string, system: string,
  from: RegistryStage | null, to: RegistryStage, observations?: string
): Promise<void> {
  const [kind, id] = actorColumns(actor)
  await db.query(
    `INSERT INTO connection_stage_history (ente_clave, system, from_stage, to_stage, actor_kind, actor_id, observations)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [ente, system, from, to, kind, id, observations ?? null])
}

interface HistoryRow {
  id: string
  ente_clave: string
  from_stage: RegistryStage | null
  to_stage: RegistryStage
  actor_kind: string
  actor_id: string
  observations: string | null
  created_at: Date
}

/** Every stage the connection went through, oldest first (the first entry is its registration). */
export async function stageHistory (ctx: RegistryContext, actor: Actor, ente: string, system: string): Promise<RegistryStageHistoryEntry[]> {
  assertMayAccessEnte(actor, ente)
  const { rows } = await ctx.pool.query<HistoryRow>(
    `SELECT id, ente_clave, from_stage, to_stage, actor_kind, actor_id, observations, created_at
       FROM connection_stage_history WHERE ente_clave = $1 AND system = $2 ORDER BY id`,
    [ente, system])
  return rows.map((row) => {
    const entry: RegistryStageHistoryEntry = {
      id: Number(row.id),
      to: row.to_stage,
      actor: actorFromColumns(row.actor_kind, row.actor_id, row.ente_clave),
      at: row.created_at.toISOString()
    }
    if (row.from_stage !== null) entry.from = row.from_stage
    if (row.observations !== null) entry.observations = row.observations
    return entry
  })
}

/** Whether the connection ever reached this stage. */
export async function everReached (db: Queryable, ente: string, system: string, stage: RegistryStage): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM connection_stage_history WHERE ente_clave = $1 AND system = $2 AND to_stage = $3 LIMIT 1', [ente, system, stage])
  return rows.length > 0
}
