import type { SystemProfile } from '@see/systems'
import { pageOf } from '../lib/bodies.js'
import { ENTE_LATENCY, withFederation, type BenchFederation } from '../lib/federation.js'
import type { HostedOptions } from '../lib/host/protocol.js'
import { formatRow, measure, type Figures } from '../lib/measure.js'
import type { BenchContext, SystemScenario } from '../lib/scenario.js'
import { searchLoad, searchUrl, warmUp, warmUpLoad } from '../lib/search.js'
import { HeaderTally } from '../lib/tally.js'

// What metrics and tracing cost per request: the same loads on federations that differ only in
// them. CPU time of the federation's process (gateway and service) per answered request is the
// figure to read (a loaded machine skews throughput far more); each row's Δ is against the row
// with both off. The settings are measured in turn, ROUNDS times over, and each row keeps its
// round with the least CPU per answer: a round that other work on the machine slowed (or the
// first one, before the JIT warmed up) does not pass for the setting's cost.

const ENTES = 5
const CONNECTIONS = 10
const ROUNDS = 2
const PAGE_1 = pageOf(1)

interface Setting {
  label: string
  metrics: boolean
  tracing: boolean
}

const SETTINGS: Setting[] = [
  { label: 'metrics off, tracing off', metrics: false, tracing: false },
  { label: 'metrics on,  tracing off', metrics: true, tracing: false },
  { label: 'metrics off, tracing on ', metrics: false, tracing: true },
  { label: 'metrics on,  tracing on ', metrics: true, tracing: true }
]

interface Load {
  label: string
  /** Federation options of the load: the page cache on (every answer a hit) or off. */
  options: Partial<HostedOptions>
}

const LOADS: Load[] = [
  { label: 'cached page (gateway alone)', options: {} },
  { label: `uncached page (gateway, service, ${ENTES} entes)`, options: { settings: { pageCache: false } } }
]

async function cpuPerRequest (federation: BenchFederation, run: () => Promise<Figures>): Promise<{ figures: Figures, microseconds: number }> {
  const before = await federation.cpuMs()
  const figures = await run()
  const spent = await federation.cpuMs() - before
  return { figures, microseconds: figures.requests === 0 ? 0 : Math.round(spent * 1000 / figures.requests) }
}

interface Measured {
  figures: Figures
  microseconds: number
  cache: string
}

async function measureSetting (context: BenchContext, system: SystemProfile, load: Load, setting: Setting): Promise<Measured> {
  const options: HostedOptions = { entes: ENTES, size: 100, ...ENTE_LATENCY, systems: [system.id], ...load.options, metrics: setting.metrics, tracing: setting.tracing }
  return await withFederation(context, options, async (federation) => {
    const token = await federation.token()
    const url = searchUrl(federation.gatewayUrl, system)
    await warmUp(url, token, PAGE_1)
    await warmUpLoad(searchLoad({ url, token, body: PAGE_1, connections: CONNECTIONS, durationSeconds: 1 }))
    const cache = new HeaderTally('x-see-cache')
    const measured = await cpuPerRequest(federation, async () => await measure(searchLoad({ url, token, body: PAGE_1, connections: CONNECTIONS, durationSeconds: context.durationSeconds, onResponse: cache.record })))
    return { ...measured, cache: cache.describe() }
  })
}

export const overhead: SystemScenario = {
  kind: 'system',
  name: 'overhead',
  title: `7. What metrics and tracing cost per request (CPU of gateway + service per answer, best of ${ROUNDS} rounds; Δ against both off), c=${CONNECTIONS}, N=${ENTES} entes at 10 ± 2 ms`,
  async run (context, system) {
    for (const load of LOADS) {
      const best = new Map<Setting, Measured>()
      for (let round = 0; round < ROUNDS; round++) {
        for (const setting of SETTINGS) {
          const measured = await measureSetting(context, system, load, setting)
          const known = best.get(setting)
          if (known === undefined || measured.microseconds < known.microseconds) best.set(setting, measured)
        }
      }
      const baseline = best.get(SETTINGS[0]!)!.microseconds
      for (const setting of SETTINGS) {
        const { figures, microseconds, cache } = best.get(setting)!
        const delta = microseconds - baseline
        context.print(formatRow(`${load.label}: ${setting.label}`, figures, `cpu ${microseconds} µs/req  Δ ${delta >= 0 ? '+' : ''}${delta} µs/req  ${cache}`))
      }
    }
  }
}
