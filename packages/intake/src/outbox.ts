import type pg from 'pg'
import { withTransaction } from '@see/db'
import type { KeyRing } from '@see/kit'
import { checkAttachments, DEFAULT_ATTACHMENT_LIMITS, type AttachmentInput, type AttachmentLimits, type CheckedAttachment } from './attachments.js'
import { codeMatches, newFolio, newTrackingCode, sha256, trackingHash } from './codes.js'
import { FilingError, IdempotencyConflictError, TrackingBlockedError, TrackingNotFoundError } from './errors.js'

// The outbox of filings (migration 016): accepted in one transaction with its audit row, sealed
// with the platform's key ring, claimed by deliverers under a lease, wiped once delivered.

/** A filing as the filer sends it (the route validated its shape against the OpenAPI schema). */
export interface FilingInput {
  ente: string
  tipoFalta: string
  hechos: string
  fechaHechos?: string
  anonima: boolean
  denunciante?: { nombre: string, correo?: string, telefono?: string }
  adjuntos?: AttachmentInput[]
}

/** What the ente receives: the filing with its folio and the attachments' detected types. */
export interface Delivery {
  folio: string
  fechaRecepcion: string
  ente: string
  tipoFalta: string
  hechos: string
  fechaHechos?: string
  anonima: boolean
  denunciante?: { nombre: string, correo?: string, telefono?: string }
  adjuntos: CheckedAttachment[]
}

export interface Receipt {
  folio: string
  /** Given once: absent when the same Idempotency-Key repeats a filing already received. */
  codigoSeguimiento?: string
  recibidaEn: string
  /** True when this answer repeats an earlier one (same Idempotency-Key and body). */
  repetida: boolean
}

export interface TrackingStatus {
  folio: string
  estado: 'recibida' | 'entregada'
  recibidaEn: string
  entregadaEn?: string
  ente: string
  tipoFalta: string
}

export interface ClaimedFiling {
  folio: string
  ente: string
  attempts: number
  delivery: Delivery
}

export interface OutboxOptions {
  pool: pg.Pool
  /** The platform's key ring (SEE_CREDENTIALS_KEYS): seals each filing bound to its folio. */
  keys: KeyRing
  /** The system the filings are for (`s5`): folios and rows are per system. */
  system: string
  /** Folio prefix (default the system id upper-cased). */
  folioPrefix?: string
  attachmentLimits?: AttachmentLimits
  /** Failed tracking attempts on one folio before it is blocked, and for how long (default 10, 15 min). */
  trackingMaxFailures?: number
  trackingBlockMs?: number
}

/** Canonical JSON (keys sorted): the same filing always hashes the same. */
function canonical (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function checkFiler (input: FilingInput): void {
  if (input.anonima && input.denunciante !== undefined) throw new FilingError('una denuncia anónima no lleva datos de «denunciante»; quítelos o indique «anonima»: false.')
  if (!input.anonima && input.denunciante === undefined) throw new FilingError('una denuncia identificada lleva «denunciante» con al menos el nombre; o indique «anonima»: true.')
}

export class IntakeOutbox {
  private readonly prefix: string
  private readonly limits: AttachmentLimits
  private readonly maxFailures: number
  private readonly blockMs: number

  constructor (private readonly options: OutboxOptions) {
    this.prefix = options.folioPrefix ?? options.system.toUpperCase()
    this.limits = options.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS
    this.maxFailures = options.trackingMaxFailures ?? 10
    this.blockMs = options.trackingBlockMs ?? 15 * 60_000
  }

  private context (folio: string): string {
    return `intake:${this.options.system}:${folio}`
  }

  /**
   * Stores the filing durably (sealed) and answers its receipt. The same Idempotency-Key with the
   * same body answers the first receipt again (without the code, shown once); with another body, 409.
   */
  async accept (input: FilingInput, idempotencyKey?: string): Promise<Receipt> {
    checkFiler(input)
    const adjuntos = await checkAttachments(input.adjuntos ?? [], this.limits)
    const requestHash = sha256(canonical(input))
    const idempotencyHash = idempotencyKey === undefined ? null : sha256(`${this.options.system}:${idempotencyKey}`)
    const received = new Date()
    const folio = newFolio(this.prefix, received)
    const code = newTrackingCode()
    const { anonima, denunciante, ente, tipoFalta, hechos, fechaHechos } = input
    const delivery: Delivery = {
      folio,
      fechaRecepcion: received.toISOString(),
      ente,
      tipoFalta,
      hechos,
      anonima,
      adjuntos,
      ...(fechaHechos !== undefined && { fechaHechos }),
      ...(denunciante !== undefined && { denunciante })
    }
    const sealed = this.options.keys.seal(JSON.stringify(delivery), this.context(folio))
    const summary = { tipoFalta, adjuntos: adjuntos.length }
    return await withTransaction(this.options.pool, async (client) => {
      const inserted = await client.query<{ received_at: Date }>(
        `INSERT INTO intake_outbox (folio, system, ente_clave, idempotency_hash, request_hash, tracking_hash, summary, sealed, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (system, idempotency_hash) DO NOTHING RETURNING received_at`,
        [folio, this.options.system, ente, idempotencyHash, requestHash, trackingHash(code), summary, sealed, received])
      if (inserted.rowCount === 0) return await this.repeated(client, idempotencyHash, requestHash)
      await client.query(
        'INSERT INTO audit_log (actor_kind, actor_id, action, ente_clave, system, after) VALUES (\'public\', \'denunciante\', \'intake.received\', $1, $2, $3)',
        [ente, this.options.system, { folio, tipoFalta, adjuntos: adjuntos.length }])
      return { folio, codigoSeguimiento: code, recibidaEn: received.toISOString(), repetida: false }
    })
  }

  private async repeated (client: pg.PoolClient, idempotencyHash: string | null, requestHash: string): Promise<Receipt> {
    const { rows } = await client.query<{ folio: string, request_hash: string, received_at: Date }>(
      'SELECT folio, request_hash, received_at FROM intake_outbox WHERE system = $1 AND idempotency_hash = $2', [this.options.system, idempotencyHash])
    const row = rows[0]
    if (row === undefined || row.request_hash !== requestHash) throw new IdempotencyConflictError()
    return { folio: row.folio, recibidaEn: row.received_at.toISOString(), repetida: true }
  }

  /** The status a folio and its code show; a wrong code shows nothing, counts, and blocks the folio after too many. */
  async track (folio: string, code: string): Promise<TrackingStatus> {
    const { rows } = await this.options.pool.query<{ tracking_hash: string, blocked: Date | null, received_at: Date, delivered_at: Date | null, ente_clave: string, summary: { tipoFalta: string } }>(
      `SELECT tracking_hash, CASE WHEN tracking_blocked_until > clock_timestamp() THEN tracking_blocked_until END AS blocked,
              received_at, delivered_at, ente_clave, summary FROM intake_outbox WHERE system = $1 AND folio = $2`,
      [this.options.system, folio])
    const row = rows[0]
    if (row === undefined) throw new TrackingNotFoundError()
    if (row.blocked !== null) throw new TrackingBlockedError(Math.max(1, Math.ceil((row.blocked.getTime() - Date.now()) / 1000)))
    if (!codeMatches(code, row.tracking_hash)) {
      await this.options.pool.query(
        `UPDATE intake_outbox SET tracking_failures = tracking_failures + 1,
           tracking_blocked_until = CASE WHEN tracking_failures + 1 >= $3 THEN clock_timestamp() + make_interval(secs => $4) END
         WHERE system = $1 AND folio = $2`,
        [this.options.system, folio, this.maxFailures, this.blockMs / 1000])
      throw new TrackingNotFoundError()
    }
    await this.options.pool.query('UPDATE intake_outbox SET tracking_failures = 0 WHERE system = $1 AND folio = $2 AND tracking_failures > 0', [this.options.system, folio])
    return {
      folio,
      estado: row.delivered_at === null ? 'recibida' : 'entregada',
      recibidaEn: row.received_at.toISOString(),
      ...(row.delivered_at !== null && { entregadaEn: row.delivered_at.toISOString() }),
      ente: row.ente_clave,
      tipoFalta: row.summary.tipoFalta
    }
  }

  /** Up to `limit` filings due for delivery, leased for `leaseMs` (a crashed deliverer's lease runs out and another takes them). */
  async claimDue (limit: number, leaseMs: number): Promise<ClaimedFiling[]> {
    const { rows } = await this.options.pool.query<{ folio: string, ente_clave: string, attempts: number, sealed: string }>(
      `UPDATE intake_outbox SET lease_until = clock_timestamp() + make_interval(secs => $3), attempts = attempts + 1
       WHERE folio IN (SELECT folio FROM intake_outbox
                       WHERE system = $1 AND delivered_at IS NULL AND next_attempt_at <= clock_timestamp()
                         AND (lease_until IS NULL OR lease_until <= clock_timestamp())
                       ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING folio, ente_clave, attempts, sealed`,
      [this.options.system, limit, leaseMs / 1000])
    return rows.map(row => ({ folio: row.folio, ente: row.ente_clave, attempts: row.attempts, delivery: JSON.parse(this.options.keys.open(row.sealed, this.context(row.folio))) as Delivery }))
  }

  /** The ente acknowledged it: personal data is wiped; the audit log keeps the folio and when. */
  async delivered (filing: ClaimedFiling): Promise<void> {
    await withTransaction(this.options.pool, async (client) => {
      const updated = await client.query(
        `UPDATE intake_outbox SET delivered_at = clock_timestamp(), sealed = NULL, lease_until = NULL, last_error = NULL
         WHERE system = $1 AND folio = $2 AND delivered_at IS NULL`, [this.options.system, filing.folio])
      if (updated.rowCount === 0) return
      await client.query(
        'INSERT INTO audit_log (actor_kind, actor_id, action, ente_clave, system, after) VALUES (\'service\', $1, \'intake.delivered\', $2, $1, $3)',
        [this.options.system, filing.ente, { folio: filing.folio, intentos: filing.attempts }])
    })
  }

  /** It failed (`code`): due again after `delayMs`. */
  async failed (filing: ClaimedFiling, code: string, delayMs: number): Promise<void> {
    await this.options.pool.query(
      `UPDATE intake_outbox SET lease_until = NULL, last_error = $3, next_attempt_at = clock_timestamp() + make_interval(secs => $4)
       WHERE system = $1 AND folio = $2 AND delivered_at IS NULL`,
      [this.options.system, filing.folio, code.slice(0, 64), delayMs / 1000])
  }

  /** Filings not delivered yet, for metrics and tests. */
  async pendingCount (): Promise<number> {
    const { rows } = await this.options.pool.query<{ n: string }>('SELECT count(*) AS n FROM intake_outbox WHERE system = $1 AND delivered_at IS NULL', [this.options.system])
    return Number(rows[0]?.n ?? 0)
  }
}
