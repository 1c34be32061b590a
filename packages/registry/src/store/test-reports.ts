import type { RegistryTestCheck, RegistryTestReport, RegistryTestReportInput } from '@see/openapi/types'
import { withTransaction } from '@see/db'
import { actorColumns, actorFromColumns, assertMayAccessEnte, type Actor } from '../model/actor.js'
import { RegistryError } from '../model/errors.js'
import { appendAudit } from './audit.js'
import { assertSystem, notFoundConnection } from './connection-errors.js'
import type { RegistryContext } from './context.js'
import { assertValid } from './validate.js'

interface ReportRow {
  id: string
  ente_clave: string
  system: RegistryTestReport['system']
  config_version: number
  passed: boolean
  checks: RegistryTestCheck[]
  latency_ms: number | null
  actor_kind: string
  actor_id: string
  created_at: Date
}

function toReport (row: ReportRow): RegistryTestReport {
  const report: RegistryTestReport = {
    id: Number(row.id),
    ente: row.ente_clave,
    system: row.system,
    configVersion: row.config_version,
    passed: row.passed,
    checks: row.checks,
    actor: actorFromColumns(row.actor_kind, row.actor_id, row.ente_clave),
    createdAt: row.created_at.toISOString()
  }
  if (row.latency_ms !== null) report.latencyMs = row.latency_ms
  return report
}

const COLUMNS = 'id, ente_clave, system, config_version, passed, checks, latency_ms, actor_kind, actor_id, created_at'

/**
 * Stores the report of a connection test. `configVersion` names the configuration that was tested
 * (the runner reads it before testing); when absent, the configuration under test (the pending
 * one if there is one, else the one in force).
 */
export async function recordTestReport (ctx: RegistryContext, actor: Actor, ente: string, system: string, input: RegistryTestReportInput): Promise<RegistryTestReport> {
  assertMayAccessEnte(actor, ente)
  assertSystem(system)
  const report = assertValid<RegistryTestReportInput>('RegistryTestReportInput', input)
  return await withTransaction(ctx.pool, async (client) => {
    // The newest configuration: the pending one when there is one (the one the sandbox serves).
    const current = await client.query<{ config_version: number }>(
      `SELECT COALESCE(p.config_version, c.config_version) AS config_version FROM connections c
         LEFT JOIN connection_pending_configs p ON p.ente_clave = c.ente_clave AND p.system = c.system
        WHERE c.ente_clave = $1 AND c.system = $2 FOR SHARE OF c`, [ente, system])
    const version = current.rows[0]?.config_version
    if (version === undefined) throw notFoundConnection(ente, system)
    const tested = report.configVersion ?? version
    if (tested > version) throw new RegistryError('REGISTRY_INVALID_INPUT', `La conexión está en la versión de configuración ${version}; no existe la ${tested}.`)
    const [kind, id] = actorColumns(actor)
    const { rows } = await client.query<ReportRow>(
      `INSERT INTO connection_test_reports (ente_clave, system, config_version, passed, checks, latency_ms, actor_kind, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [ente, system, tested, report.passed, JSON.stringify(report.checks), report.latencyMs ?? null, kind, id])
    const stored = toReport(rows[0] as ReportRow)
    await appendAudit(client, actor, 'connection.test-report', {
      ente, system, after: { reportId: stored.id, passed: stored.passed, configVersion: tested, latencyMs: stored.latencyMs ?? null }
    })
    return stored
  })
}

/** Reports of a connection, newest first. */
export async function listTestReports (ctx: RegistryContext, actor: Actor, ente: string, system: string, limit = 20): Promise<RegistryTestReport[]> {
  assertMayAccessEnte(actor, ente)
  const { rows } = await ctx.pool.query<ReportRow>(
    `SELECT ${COLUMNS} FROM connection_test_reports WHERE ente_clave = $1 AND system = $2 ORDER BY id DESC LIMIT $3`,
    [ente, system, Math.min(Math.max(limit, 1), 200)])
  return rows.map(toReport)
}

export async function latestTestReport (ctx: RegistryContext, actor: Actor, ente: string, system: string): Promise<RegistryTestReport | undefined> {
  return (await listTestReports(ctx, actor, ente, system, 1))[0]
}
