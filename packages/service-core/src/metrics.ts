import { Counter, Gauge, Histogram, type Registry } from '@see/kit'
import type { EnteStatus } from '@see/openapi/types'
import type { SystemProfile } from '@see/systems'

/** Seconds: an ente's answer from a few ms to past the federation's deadline. */
const ENTE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3.5, 5, 10]
const BREAKER_STATES = ['closed', 'open', 'half-open', 'isolated'] as const

/**
 * What one system's service counts about its entes: each call's latency and outcome (`ok` or the
 * error code: ENTE_TIMEOUT, ENTE_HTTP_5XX, …), records dropped for not meeting the standard, and each
 * ente's circuit breaker, read from the guards when Prometheus scrapes. Labels are the system and the
 * ente's clave (a bounded set: the registered entes), never a URL or anything an ente sent.
 */
export class ServiceMetrics {
  private readonly latency: Histogram<'system' | 'ente' | 'outcome'>
  private readonly dropped: Counter<'system' | 'ente'>

  constructor (registry: Registry, private readonly system: SystemProfile, states: () => EnteStatus[]) {
    this.latency = new Histogram({
      name: 'see_ente_call_duration_seconds',
      help: 'Duración de cada llamada a un ente, por sistema, ente y resultado (ok o el código de error).',
      labelNames: ['system', 'ente', 'outcome'] as const,
      buckets: ENTE_BUCKETS,
      registers: [registry]
    })
    this.dropped = new Counter({
      name: 'see_ente_invalid_records_total',
      help: 'Registros de un ente descartados por no cumplir el estándar.',
      labelNames: ['system', 'ente'] as const,
      registers: [registry]
    })
    const systemId = system.id
    // eslint-disable-next-line no-new
    new Gauge({
      name: 'see_ente_breaker_state',
      help: 'Estado del cortacircuitos de cada ente: 1 en el estado actual, 0 en los demás.',
      labelNames: ['system', 'ente', 'state'] as const,
      registers: [registry],
      collect () {
        this.reset()
        for (const status of states()) {
          for (const state of BREAKER_STATES) this.set({ system: systemId, ente: status.ente, state }, status.state === state ? 1 : 0)
        }
      }
    })
  }

  /** One ente's part of a batch, as the batch answers it. */
  call (ente: string, outcome: string, latencyMs: number, dropped = 0): void {
    this.latency.observe({ system: this.system.id, ente, outcome }, latencyMs / 1000)
    if (dropped > 0) this.dropped.inc({ system: this.system.id, ente }, dropped)
  }
}
