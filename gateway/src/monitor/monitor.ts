import type { EnteDirectory } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import type { SystemPort } from '../upstream/service-client.js'
import { pruneProbes, recordProbe, type Queryable } from './history.js'

export interface MonitorOptions {
  /** The systems the gateway federates, each with its service. */
  systems: Array<{ system: SystemProfile, service: Pick<SystemPort, 'batch'> }>
  /** The production directory: the connections the PDN's queries reach. */
  directory: EnteDirectory
  db: Queryable
  /** Time between rounds (default 60 s), each delayed by up to `jitterMs` more (default 10 s). */
  intervalMs?: number
  jitterMs?: number
  /** Probes running at once across all entes (default 4). */
  concurrency?: number
  /** Longest a probe may take (default 5 s); longer is a timeout, recorded as down. */
  timeoutMs?: number
  /**
   * Who probes when several gateway instances run the monitor (leadership.ts): a round starts only
   * on the instance that leads, and stops taking probes if it stops leading. Absent: always this one.
   */
  leadership?: { check: () => Promise<boolean>, leading: () => boolean }
  /** Clock and randomness (tests). */
  now?: () => Date
  random?: () => number
  onError?: (err: unknown) => void
}

/**
 * The monitor of entes: every connection in production probed on a schedule through its
 * system's service, exactly as a query reaches it (token, then a count asking for one record),
 * never more than one probe in flight per ente and system, a bounded number at once. Each
 * outcome is kept in `ente_probes` (history.ts), which the operator's view reads.
 */
export class EnteMonitor {
  private readonly inFlight = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private stopped = false
  private readonly now: () => Date
  private readonly random: () => number

  constructor (private readonly options: MonitorOptions) {
    this.now = options.now ?? (() => new Date())
    this.random = options.random ?? Math.random
  }

  /**
   * Probes every connection once (the ones still in flight from a previous round are skipped), on
   * the leading instance only: false when another instance leads and this one did not probe.
   */
  async runRound (): Promise<boolean> {
    const { leadership } = this.options
    if (leadership !== undefined && !await leadership.check()) return false
    const jobs = this.options.systems.flatMap(({ system, service }) =>
      this.options.directory.list(system.id).map(entry => ({ system, service, ente: entry.clave })))
      .filter(job => !this.inFlight.has(`${job.system.id}:${job.ente}`))
    const queue = [...jobs]
    const workers = Array.from({ length: Math.min(this.options.concurrency ?? 4, queue.length) }, async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        // Leadership lost mid-round (a long pause): the new leader probes; this one stops.
        if (leadership !== undefined && !leadership.leading()) return
        await this.probe(job.system, job.service, job.ente)
      }
    })
    await Promise.all(workers)
    await pruneProbes(this.options.db, this.now())
    return true
  }

  private async probe (system: SystemProfile, service: Pick<SystemPort, 'batch'>, ente: string): Promise<void> {
    const key = `${system.id}:${ente}`
    this.inFlight.add(key)
    const probedAt = this.now()
    const started = performance.now()
    try {
      const timeoutMs = this.options.timeoutMs ?? 5_000
      const [outcome] = await service.batch([{ ente, request: { page: 1, pageSize: 1 }, countOnly: true }], { requestId: `monitor-${key}`, timeoutMs })
      const latencyMs = outcome?.latencyMs ?? performance.now() - started
      if (outcome?.ok === true) {
        await recordProbe(this.options.db, { system: system.id, ente, probedAt, ok: true, latencyMs, ...(outcome.totalRows !== undefined && { totalRows: outcome.totalRows }) })
      } else {
        await recordProbe(this.options.db, { system: system.id, ente, probedAt, ok: false, latencyMs, errorCode: outcome?.error?.code ?? 'ENTE_INTERNAL' })
      }
    } catch (err) {
      // The service itself did not answer: the ente could not be reached through it.
      const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'SEE_SERVICE_UNAVAILABLE'
      await recordProbe(this.options.db, { system: system.id, ente, probedAt, ok: false, latencyMs: performance.now() - started, errorCode: /^[A-Z_]{1,64}$/.test(code) ? code : 'SEE_SERVICE_UNAVAILABLE' })
        .catch(this.options.onError)
    } finally {
      this.inFlight.delete(key)
    }
  }

  /** Runs rounds on the schedule until `stop()`. */
  start (): void {
    this.stopped = false
    const schedule = (): void => {
      if (this.stopped) return
      const delay = (this.options.intervalMs ?? 60_000) + Math.floor(this.random() * (this.options.jitterMs ?? 10_000))
      this.timer = setTimeout(() => {
        this.runRound().catch(this.options.onError).finally(schedule)
      }, delay)
      this.timer.unref()
    }
    schedule()
  }

  stop (): void {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
  }
}
