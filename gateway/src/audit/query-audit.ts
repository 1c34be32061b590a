import type { FastifyBaseLogger } from 'fastify'
import type { KeyRing } from '@see/kit'
import { canonicalJson } from '@see/openapi'
import type { Queryable } from '../monitor/history.js'

// The audit of queries (migration 014): one row per search or summary answered, written in
// batches off the request path. The query itself is never stored: only its HMAC under
// QUERY_AUDIT_KEY, so equal queries can be told apart from different ones and nothing of what
// they asked (names, RFCs, rfcSolicitante) can be read back.

export interface QueryAuditEntry {
  at: Date
  clientId: string
  system: string
  kind: 'search' | 'summary'
  privileged: boolean
  /** The normalized request (query, page, pageSize, sort): hashed here, never kept. */
  request: object
  entesAnswered: readonly string[]
  partial: boolean
  latencyMs: number
  records: number
  status: number
}

export interface QueryAuditOptions {
  /** Longest a row waits before it is written (default 1 s). */
  flushMs?: number
  /** Rows that make a batch be written at once (default 200). */
  batchSize?: number
  /** Rows held at most while the database is slow or away; beyond, new rows are dropped and counted (default 10000). */
  maxPending?: number
  /** Days a row is kept (QUERY_AUDIT_RETENTION_DAYS, default 365); purged in batches every `purgeEveryMs`. */
  retentionDays?: number
  purgeEveryMs?: number
}

interface Row {
  at: string
  client_id: string
  system: string
  kind: string
  privileged: boolean
  query_hash: string
  entes: readonly string[]
  partial: boolean
  latency_ms: number
  records: number
  status: number
}

const INSERT = `INSERT INTO query_audit (at, client_id, system, kind, privileged, query_hash, entes_answered, partial, latency_ms, records, status)
  SELECT r.at, r.client_id, r.system, r.kind, r.privileged, r.query_hash, ARRAY(SELECT jsonb_array_elements_text(r.entes)), r.partial, r.latency_ms, r.records, r.status
  FROM jsonb_to_recordset($1::jsonb) AS r(at timestamptz, client_id text, system text, kind text, privileged boolean, query_hash text, entes jsonb, partial boolean, latency_ms integer, records integer, status smallint)`

const PURGE_BATCH = 5000
const MAX_PURGE_BATCHES = 20

/** Batches audit rows and writes them; `close` writes what is left. */
export class QueryAudit {
  private pending: Row[] = []
  private writing: Promise<void> = Promise.resolve()
  private readonly timer: NodeJS.Timeout
  private readonly purgeTimer: NodeJS.Timeout | undefined
  /** Rows dropped because too many were waiting (a slow or absent database). */
  dropped = 0
  private readonly flushMs: number
  private readonly batchSize: number
  private readonly maxPending: number
  private readonly retentionDays: number

  constructor (private readonly db: Queryable, private readonly keys: KeyRing, private readonly log: FastifyBaseLogger, options: QueryAuditOptions = {}) {
    this.flushMs = options.flushMs ?? 1000
    this.batchSize = options.batchSize ?? 200
    this.maxPending = options.maxPending ?? 10_000
    this.retentionDays = options.retentionDays ?? 365
    this.timer = setInterval(() => { this.flush().catch(() => {}) }, this.flushMs)
    this.timer.unref()
    const purgeEveryMs = options.purgeEveryMs ?? 3_600_000
    this.purgeTimer = purgeEveryMs > 0 ? setInterval(() => { this.purge().catch(() => {}) }, purgeEveryMs) : undefined
    this.purgeTimer?.unref()
  }

  /** Queues one row (hashing the request now); never waits for the database. */
  record (entry: QueryAuditEntry): void {
    if (this.pending.length >= this.maxPending) {
      this.dropped += 1
      if (this.dropped === 1 || this.dropped % 1000 === 0) this.log.warn({ dropped: this.dropped }, 'query audit: rows dropped, the database does not keep up')
      return
    }
    this.pending.push({
      at: entry.at.toISOString(),
      client_id: entry.clientId.slice(0, 200),
      system: entry.system,
      kind: entry.kind,
      privileged: entry.privileged,
      query_hash: this.keys.hmac(canonicalJson({ system: entry.system, kind: entry.kind, request: entry.request })),
      entes: entry.entesAnswered,
      partial: entry.partial,
      latency_ms: Math.max(0, Math.round(entry.latencyMs)),
      records: entry.records,
      status: entry.status
    })
    if (this.pending.length >= this.batchSize) this.flush().catch(() => {})
  }

  /** Writes every queued row (one statement per batch); failures are logged and the rows kept for the next try. */
  async flush (): Promise<void> {
    this.writing = this.writing.then(async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.slice(0, this.batchSize)
        try {
          await this.db.query(INSERT, [JSON.stringify(batch)])
          this.pending.splice(0, batch.length)
        } catch (err) {
          this.log.warn({ err: { message: (err as Error).message }, rows: this.pending.length }, 'query audit: rows not written yet')
          return
        }
      }
    })
    await this.writing
  }

  /** Deletes rows past the retention through `query_audit_purge`, a bounded batch at a time. */
  async purge (): Promise<number> {
    let removed = 0
    try {
      for (let i = 0; i < MAX_PURGE_BATCHES; i++) {
        const { rows } = await this.db.query('SELECT query_audit_purge($1, $2) AS removed', [this.retentionDays, PURGE_BATCH])
        const count = Number(rows[0]?.removed ?? 0)
        removed += count
        if (count < PURGE_BATCH) break
      }
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message } }, 'query audit: purge failed')
    }
    return removed
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
    if (this.purgeTimer !== undefined) clearInterval(this.purgeTimer)
    await this.flush()
  }
}
