import type { RegistryAuditEntry, RegistrySystem } from '@see/openapi/types'
import { actorColumns, actorFromColumns, type Actor } from '../model/actor.js'
import type { Queryable, RegistryContext } from './context.js'

export interface AuditChange {
  ente?: string
  system?: string
  /** Snapshots without secrets (public shapes only). */
  before?: unknown
  after?: unknown
}

/** Appends one entry, inside the caller's transaction so that a change and its record commit together. */
export async function appendAudit (db: Queryable, actor: Actor, action: string, change: AuditChange): Promise<void> {
  const [kind, id] = actorColumns(actor)
  await db.query(
    'INSERT INTO audit_log (actor_kind, actor_id, action, ente_clave, system, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [kind, id, action, change.ente ?? null, change.system ?? null, toJson(change.before), toJson(change.after)])
}

function toJson (value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

interface AuditRow {
  id: string
  at: Date
  actor_kind: string
  actor_id: string
  action: string
  ente_clave: string | null
  system: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

function toEntry (row: AuditRow): RegistryAuditEntry {
  const entry: RegistryAuditEntry = {
    id: Number(row.id),
    at: row.at.toISOString(),
    actor: actorFromColumns(row.actor_kind, row.actor_id, row.ente_clave),
    action: row.action,
    before: row.before,
    after: row.after
  }
  if (row.ente_clave !== null) entry.ente = row.ente_clave
  if (row.system !== null) entry.system = row.system as RegistrySystem
  return entry
}

export interface AuditQuery {
  ente?: string
  /** Entries older than this id (paging backwards from the newest). */
  beforeId?: number
  limit?: number
}

/** Newest first. An ente's client reads only its own ente's entries. */
export async function listAudit (ctx: RegistryContext, actor: Actor, query: AuditQuery = {}): Promise<RegistryAuditEntry[]> {
  const ente = actor.kind === 'ente' ? actor.ente : query.ente
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000)
  const { rows } = await ctx.pool.query<AuditRow>(
    `SELECT id, at, actor_kind, actor_id, action, ente_clave, system, before, after FROM audit_log
      WHERE ($1::text IS NULL OR ente_clave = $1) AND ($2::bigint IS NULL OR id < $2)
      ORDER BY id DESC LIMIT $3`,
    [ente ?? null, query.beforeId ?? null, limit])
  return rows.map(toEntry)
}
