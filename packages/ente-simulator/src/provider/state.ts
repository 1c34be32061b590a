import { setTimeout as sleep } from 'node:timers/promises'
import type { SystemId } from '@see/systems'
import type { Defect, Fault, ProviderCounters, SystemCounters } from '../types.js'

export type RouteKind = keyof ProviderCounters
export type SystemRouteKind = keyof SystemCounters

/** The run-time knobs of one provider: fault, latency and request counters (overall and per system). */
export class ProviderState {
  fault: Fault
  defect: Defect
  latencyMs: number
  jitterMs: number
  private counts: ProviderCounters = { token: 0, data: 0, dependencias: 0 }
  private readonly systemCounts = new Map<SystemId, SystemCounters>()

  constructor (options: { fault?: Fault | undefined, defect?: Defect | undefined, latencyMs?: number | undefined, jitterMs?: number | undefined }, private readonly systems: readonly SystemId[] = []) {
    this.fault = options.fault ?? 'none'
    this.defect = options.defect ?? 'none'
    this.latencyMs = options.latencyMs ?? 0
    this.jitterMs = options.jitterMs ?? 0
    this.resetCounters()
  }

  get counters (): ProviderCounters {
    return { ...this.counts }
  }

  countersOf (system: SystemId): SystemCounters | undefined {
    const counts = this.systemCounts.get(system)
    return counts === undefined ? undefined : { ...counts }
  }

  count (kind: RouteKind, system?: SystemId): void {
    this.counts[kind]++
    const counts = system === undefined ? undefined : this.systemCounts.get(system)
    if (counts !== undefined && kind !== 'token') counts[kind]++
  }

  resetCounters (): void {
    this.counts = { token: 0, data: 0, dependencias: 0 }
    for (const system of this.systems) this.systemCounts.set(system, { data: 0, dependencias: 0 })
  }

  /** Waits the configured latency; jitter is not seeded (timing, unlike data, need not repeat). */
  async delay (): Promise<void> {
    const ms = this.latencyMs + (this.jitterMs > 0 ? Math.random() * this.jitterMs : 0)
    if (ms > 0) await sleep(ms)
  }
}
