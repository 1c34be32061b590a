import type { ClaimedFiling, Delivery, IntakeOutbox } from './outbox.js'

// Delivers the outbox to the competent entes until each acknowledges: claimed under a lease,
// sent with the folio as Idempotency-Key (so a delivery repeated after a crash is one filing for
// the ente), retried with exponential backoff and jitter. Nothing is lost across restarts: the
// row leaves the outbox's due set only when the ente answered 2xx.

/** How one filing reaches its ente: resolves to the ente's HTTP status, or rejects with a coded error. */
export type SendFiling = (ente: string, delivery: Delivery, idempotencyKey: string) => Promise<number>

export interface DelivererOptions {
  outbox: IntakeOutbox
  send: SendFiling
  /** Pause between polls when nothing was due (default 1000 ms). */
  pollMs?: number
  /** Filings claimed per round (default 20). */
  batch?: number
  /** Lease of a claimed filing (default 60 s): longer than one delivery may take. */
  leaseMs?: number
  /** Backoff: first delay and the ceiling (defaults 2 s and 15 min). */
  retryBaseMs?: number
  retryMaxMs?: number
  log?: { warn: (object: object, message: string) => void }
}

/** The delay before attempt `attempts + 1`: doubling from the base, capped, ±20 % jitter. */
export function backoffMs (attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1))
  return Math.round(delay * (0.8 + 0.4 * random()))
}

function codeOf (err: unknown): string {
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : 'INTAKE_DELIVERY_FAILED'
}

export class Deliverer {
  private running = false
  private loop: Promise<void> | undefined
  private wake: (() => void) | undefined

  constructor (private readonly options: DelivererOptions) {}

  start (): void {
    if (this.running) return
    this.running = true
    this.loop = this.run()
  }

  /** Stops claiming; filings in flight finish (or their lease runs out for the next deliverer). */
  async stop (): Promise<void> {
    this.running = false
    this.wake?.()
    await this.loop
  }

  /** One round: claims what is due and delivers it; the number of filings it handled. */
  async round (): Promise<number> {
    const { outbox, batch = 20, leaseMs = 60_000 } = this.options
    const claimed = await outbox.claimDue(batch, leaseMs)
    await Promise.all(claimed.map(async filing => await this.deliver(filing)))
    return claimed.length
  }

  private async deliver (filing: ClaimedFiling): Promise<void> {
    const { outbox, send, retryBaseMs = 2000, retryMaxMs = 15 * 60_000 } = this.options
    let code: string
    try {
      const status = await send(filing.ente, filing.delivery, filing.folio)
      if (status >= 200 && status < 300) {
        await outbox.delivered(filing)
        return
      }
      code = `ENTE_HTTP_${status}`
    } catch (err) {
      code = codeOf(err)
    }
    this.options.log?.warn({ folio: filing.folio, ente: filing.ente, attempts: filing.attempts, code }, 'filing not delivered yet; retrying later')
    await outbox.failed(filing, code, backoffMs(filing.attempts, retryBaseMs, retryMaxMs))
  }

  private async run (): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000
    while (this.running) {
      let handled = 0
      try {
        handled = await this.round()
      } catch (err) {
        this.options.log?.warn({ err }, 'intake deliverer round failed; retrying')
      }
      if (handled === 0 && this.running) await new Promise<void>(resolve => { this.wake = resolve; setTimeout(resolve, pollMs).unref() })
    }
  }
}
