import { setTimeout as sleep } from 'node:timers/promises'
import type { Fault, ProviderCounters } from '../types.js'

export type RouteKind = keyof ProviderCounters

/** The run-time knobs of one provider: fault, latency and request counters. */
export class ProviderState {
  fault: Fault
  latencyMs: number
  jitterMs: number
  private counts: ProviderCounters = { token: 0, data: 0, dependencias: 0 }

  constructor (options: { fault?: Fault | undefined, latencyMs?: number | undefined, jitterMs?: number | undefined }) {
    this.fault = options.fault ?? 'none'
    this.latencyMs = options.latencyMs ?? 0
    this.jitterMs = options.jitterMs ?? 0
  }

  get counters (): ProviderCounters {
    return { ...this.counts }
  }

  count (kind: RouteKind): void {
    this.counts[kind]++
  }

  resetCounters (): void {
    this.counts = { token: 0, data: 0, dependencias: 0 }
  }

  /** Waits the configured latency; jitter is not seeded (timing, unlike data, need not repeat). */
  async delay (): Promise<void> {
    const ms = this.latencyMs + (this.jitterMs > 0 ? Math.random() * this.jitterMs : 0)
    if (ms > 0) await sleep(ms)
  }
}
