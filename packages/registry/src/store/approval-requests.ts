import { withTransaction } from '@see/db'
import { actorColumns, actorFromColumns, assertMayAccessEnte, assertOperator, type Actor } from '../model/actor.js'
import { RegistryError } from '../model/errors.js'
import { appendAudit } from './audit.js'
import { readConnection } from './connection-rows.js'
import { assertSystem, notFoundConnection } from './connection-errors.js'
import type { RegistryContext } from './context.js'
import { assertRequirement } from './stage-change.js'

export interface ApprovalRequest {
  ente: string
  system: string
  configVersion: number
  actor: ReturnType<typeof actorFromColumns>
  requestedAt: string
}

interface RequestRow {
  ente_clave: string
  system: string
  config_version: number
  actor_kind: string
  actor_id: string
  requested_at: Date
}

function toRequest (row: RequestRow): ApprovalRequest {
  return {
    ente: row.ente_clave,
    system: row.system,
    configVersion: row.config_version,
    actor: actorFromColumns(row.actor_kind, row.actor_id, row.ente_clave),
    requestedAt: row.requested_at.toISOString()
  }
}

/**
 * An ente asks an operator to approve its connection: only in `pruebas`, and only on a passing
 * test of the configuration in force (what the approval itself will require). Asking again
 * replaces the previous request; the request and its audit row commit together.
 */
export async function requestApproval (ctx: RegistryContext, actor: Actor, ente: string, system: string): Promise<ApprovalRequest> {
  assertMayAccessEnte(actor, ente)
  assertSystem(system)
  return await withTransaction(ctx.pool, async (client) => {
    const row = await readConnection(client, ente, system, true)
    if (row === undefined) throw notFoundConnection(ente, system)
    if (row.stage !== 'pruebas') {
      throw new RegistryError('REGISTRY_CONFLICT', `La aprobación se solicita en la etapa pruebas; la conexión está en ${row.stage}.`)
    }
    await assertRequirement(client, row, 'passing-current-test')
    const [kind, id] = actorColumns(actor)
    const { rows } = await client.query<RequestRow>(
      `INSERT INTO connection_approval_requests (ente_clave, system, actor_kind, actor_id, config_version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (ente_clave, system) DO UPDATE SET actor_kind = EXCLUDED.actor_kind, actor_id = EXCLUDED.actor_id,
         config_version = EXCLUDED.config_version, requested_at = now()
       RETURNING ente_clave, system, config_version, actor_kind, actor_id, requested_at`,
      [ente, system, kind, id, row.config_version])
    await appendAudit(client, actor, 'connection.approval-request', { ente, system, after: { configVersion: row.config_version } })
    return toRequest(rows[0] as RequestRow)
  })
}

/**
 * Requests still open, oldest first: those whose connection is still in `pruebas` with the
 * configuration the request was made on (an operator's approval answers them; a changed
 * configuration needs a new test and a new request). Operators see all; an ente its own.
 */
export async function listApprovalRequests (ctx: RegistryContext, actor: Actor): Promise<ApprovalRequest[]> {
  if (actor.kind === 'system') assertOperator(actor, 'consultar las solicitudes de aprobación')
  const ente = actor.kind === 'ente' ? actor.ente : null
  const { rows } = await ctx.pool.query<RequestRow>(
    `SELECT r.ente_clave, r.system, r.config_version, r.actor_kind, r.actor_id, r.requested_at
       FROM connection_approval_requests r JOIN connections c ON c.ente_clave = r.ente_clave AND c.system = r.system
      WHERE c.stage = 'pruebas' AND r.config_version = c.config_version AND ($1::text IS NULL OR r.ente_clave = $1)
      ORDER BY r.requested_at, r.ente_clave, r.system`, [ente])
  return rows.map(toRequest)
}
