/** Anything that runs SQL with parameters (a pg Pool, PGlite's adapter). */
export interface Queryable {
  query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }>
}

export interface ProbeResult {
  system: string
  ente: string
  probedAt: Date
  ok: boolean
  latencyMs: number
  totalRows?: number
  errorCode?: string
}

/** How long the history is kept. */
export const RETENTION_DAYS = 30

export async function recordProbe (db: Queryable, probe: ProbeResult): Promise<void> {
  await db.query(
    'INSERT INTO ente_probes (ente_clave, system, probed_at, ok, latency_ms, total_rows, error_code) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [probe.ente, probe.system, probe.probedAt, probe.ok, Math.max(0, Math.round(probe.latencyMs)), probe.ok ? probe.totalRows ?? null : null, probe.ok ? null : probe.errorCode ?? 'ENTE_INTERNAL']
  )
}

/** Drops what is older than the retention, as of `now`. */
export async function pruneProbes (db: Queryable, now: Date): Promise<void> {
  await db.query(`DELETE FROM ente_probes WHERE probed_at < $1::timestamptz - interval '${RETENTION_DAYS} days'`, [now])
}

export interface EnteHealth {
  system: string
  ente: string
  /** The latest probe: up when it answered. */
  up: boolean
  lastProbeAt: string
  lastErrorCode?: string
  /** Share of probes that answered over each window (0..1); absent without probes in it. */
  uptime: { '24h'?: number, '7d'?: number, '30d'?: number }
  /** Latency of the answered probes of the last 24 h, in ms. */
  latencyMs: { p50?: number, p95?: number }
  /** The latest record count, and the one before it when it differs (a change to look at). */
  totalRows?: number
  previousTotalRows?: number
}

/**
 * Every probed connection's health as of `now`, from the history alone: instant whatever the
 * entes do right now (unlike a live fan-out).
 */
export async function enteHealth (db: Queryable, now: Date): Promise<EnteHealth[]> {
  const { rows } = await db.query(`
    WITH windowed AS (
      SELECT system, ente_clave,
        avg(ok::int) FILTER (WHERE probed_at > $1::timestamptz - interval '24 hours') AS up_24h,
        avg(ok::int) FILTER (WHERE probed_at > $1::timestamptz - interval '7 days') AS up_7d,
        avg(ok::int) FILTER (WHERE probed_at > $1::timestamptz - interval '30 days') AS up_30d,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok AND probed_at > $1::timestamptz - interval '24 hours') AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok AND probed_at > $1::timestamptz - interval '24 hours') AS p95
      FROM ente_probes WHERE probed_at <= $1::timestamptz
      GROUP BY system, ente_clave
    ), latest AS (
      SELECT DISTINCT ON (system, ente_clave) system, ente_clave, ok, probed_at, error_code
      FROM ente_probes WHERE probed_at <= $1::timestamptz
      ORDER BY system, ente_clave, probed_at DESC
    ), counts AS (
      SELECT system, ente_clave, total_rows, row_number() OVER (PARTITION BY system, ente_clave ORDER BY probed_at DESC) AS n
      FROM (
        SELECT system, ente_clave, total_rows, probed_at,
          lag(total_rows) OVER (PARTITION BY system, ente_clave ORDER BY probed_at) AS before
        FROM ente_probes WHERE total_rows IS NOT NULL AND probed_at <= $1::timestamptz
      ) answered
      WHERE before IS DISTINCT FROM total_rows
    )
    SELECT l.system, l.ente_clave, l.ok, l.probed_at, l.error_code, w.up_24h, w.up_7d, w.up_30d, w.p50, w.p95,
      (SELECT total_rows FROM counts c WHERE c.system = l.system AND c.ente_clave = l.ente_clave AND c.n = 1) AS total_rows,
      (SELECT total_rows FROM counts c WHERE c.system = l.system AND c.ente_clave = l.ente_clave AND c.n = 2) AS previous_total_rows
    FROM latest l JOIN windowed w USING (system, ente_clave)
    ORDER BY l.system, l.ente_clave`, [now])
  const ratio = (value: unknown): number | undefined => value === null || value === undefined ? undefined : Number(value)
  return rows.map(row => ({
    system: row.system,
    ente: row.ente_clave,
    up: row.ok,
    lastProbeAt: new Date(row.probed_at).toISOString(),
    ...(row.error_code !== null && { lastErrorCode: row.error_code }),
    uptime: Object.fromEntries(Object.entries({ '24h': ratio(row.up_24h), '7d': ratio(row.up_7d), '30d': ratio(row.up_30d) }).filter(([, v]) => v !== undefined)),
    latencyMs: Object.fromEntries(Object.entries({ p50: ratio(row.p50), p95: ratio(row.p95) }).filter(([, v]) => v !== undefined)),
    ...(row.total_rows !== null && { totalRows: Number(row.total_rows) }),
    ...(row.previous_total_rows !== null && { previousTotalRows: Number(row.previous_total_rows) })
  }))
}
