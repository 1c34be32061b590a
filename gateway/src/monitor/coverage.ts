import type { RegistryCoverage } from '@see/openapi/types'
import type { EnteHealth } from './history.js'

// Coverage as the monitor sees it, not as the registry declares it: a connection in production
// covers its ente only when it answered its latest probe. The registry says which entes are
// connected and at which stage; the probes' history (`ente_probes`) says which of those answer.

type SystemCoverage = RegistryCoverage['systems'][number]
type CoverageEnte = SystemCoverage['entes'][number]
type LiveCoverage = NonNullable<SystemCoverage['live']>

/** A probe older than this does not say how a connection is now. */
export const LIVE_WINDOW_MS = 24 * 3_600_000

function monitorOf (health: EnteHealth): NonNullable<CoverageEnte['monitor']> {
  return {
    up: health.up,
    lastProbeAt: health.lastProbeAt,
    ...(health.lastErrorCode !== undefined && { lastErrorCode: health.lastErrorCode }),
    ...(health.uptime['24h'] !== undefined && { uptime24h: health.uptime['24h'] }),
    ...(health.totalRows !== undefined && { totalRows: health.totalRows })
  }
}

function liveOf (entes: readonly CoverageEnte[]): LiveCoverage {
  const live: LiveCoverage = { produccion: 0, up: 0, down: 0, unprobed: 0, totalRows: 0 }
  for (const ente of entes) {
    if (ente.stage !== 'produccion') continue
    live.produccion++
    if (ente.monitor === undefined) live.unprobed++
    else if (ente.monitor.up) {
      live.up++
      live.totalRows += ente.monitor.totalRows ?? 0
    } else live.down++
  }
  return live
}

/** The registry's coverage with, per connection, its latest probe of the window and, per system, the live counts. */
export function withLiveCoverage (coverage: RegistryCoverage, health: readonly EnteHealth[], now: Date): RegistryCoverage {
  const recent = new Map(health
    .filter(h => now.getTime() - Date.parse(h.lastProbeAt) <= LIVE_WINDOW_MS)
    .map(h => [`${h.system}\u0000${h.ente}`, h]))
  return {
    ...coverage,
    systems: coverage.systems.map(system => {
      const entes = system.entes.map(ente => {
        const probe = recent.get(`${system.system}\u0000${ente.clave}`)
        return probe === undefined ? ente : { ...ente, monitor: monitorOf(probe) }
      })
      return { ...system, entes, live: liveOf(entes) }
    })
  }
}
