import type { SystemProfile } from '@see/systems'
import { pageOf } from '../lib/bodies.js'
import { ENTE_LATENCY, withFederation, type BenchFederation } from '../lib/federation.js'
import type { HostedOptions } from '../lib/host/protocol.js'
import { formatRow, measure } from '../lib/measure.js'
import type { BenchContext, SystemScenario } from '../lib/scenario.js'
import { enteToken, searchLoad, searchUrl, warmUp, warmUpLoad } from '../lib/search.js'
import { HeaderTally } from '../lib/tally.js'
import { callsPerRequest, settledDataCalls } from '../lib/upstream.js'

const ENTE_COUNTS = [1, 5, 20, 50]
const CONNECTIONS = [1, 10, 50]
const PAGE_1 = pageOf(1)

interface CountMode {
  label: string
  cacheTtls?: HostedOptions['cacheTtls']
}

// The page cache is off in both modes. "uncached" also turns the per-ente count cache off, so every
// request asks every ente; "counts cached" is the PDN crawling one query page after page.
const MODES: CountMode[] = [
  { label: 'uncached', cacheTtls: { countTtlMs: 0 } },
  { label: 'counts cached' }
]

/** The floor: the same search straight to one simulated ente, with that ente's own token. */
async function measureFloor (federation: BenchFederation, system: SystemProfile, context: BenchContext): Promise<Map<number, number>> {
  const provider = federation.entes[0]!
  const token = await enteToken(provider)
  const url = searchUrl(provider.url, system)
  await warmUp(url, token, PAGE_1)
  await warmUpLoad(searchLoad({ url, token, body: PAGE_1, connections: CONNECTIONS[0]!, durationSeconds: 1 }))
  const floors = new Map<number, number>()
  for (const connections of CONNECTIONS) {
    const figures = await measure(searchLoad({ url, token, body: PAGE_1, connections, durationSeconds: context.durationSeconds }))
    floors.set(connections, figures.p50)
    context.print(formatRow(`direct to one ente (floor) c=${connections}`, figures))
  }
  return floors
}

async function measureGateway (federation: BenchFederation, system: SystemProfile, context: BenchContext, label: string, floors: Map<number, number>): Promise<void> {
  const token = await federation.token()
  const url = searchUrl(federation.gatewayUrl, system)
  await warmUp(url, token, PAGE_1)
  await warmUpLoad(searchLoad({ url, token, body: PAGE_1, connections: CONNECTIONS[0]!, durationSeconds: 1 }))
  for (const connections of CONNECTIONS) {
    const cache = new HeaderTally('x-see-cache')
    await federation.resetCounters()
    const figures = await measure(searchLoad({ url, token, body: PAGE_1, connections, durationSeconds: context.durationSeconds, onResponse: cache.record }))
    const calls = await settledDataCalls(federation)
    const floor = floors.get(connections)
    const delta = floor === undefined ? '' : `Δp50 ${figures.p50 - floor >= 0 ? '+' : ''}${figures.p50 - floor} ms  `
    context.print(formatRow(`${label} c=${connections}`, figures, `${delta}${callsPerRequest(calls, figures)}  ${cache.describe()}`))
  }
}

export const uncached: SystemScenario = {
  kind: 'system',
  name: 'uncached',
  title: '1. Federated search, page 1 (pageSize 10), entes at 10 ± 2 ms, page cache off — identical bodies (nothing coalesces with the page cache off)',
  async run (context, system) {
    let floors: Map<number, number> | undefined
    for (const entes of context.entes ?? ENTE_COUNTS) {
      for (const mode of MODES) {
        const options: HostedOptions = { entes, size: 100, ...ENTE_LATENCY, systems: [system.id], settings: { pageCache: false }, ...(mode.cacheTtls && { cacheTtls: mode.cacheTtls }) }
        await withFederation(context, options, async (federation) => {
          floors ??= await measureFloor(federation, system, context)
          await measureGateway(federation, system, context, `gateway N=${String(entes).padStart(2)} ${mode.label}`, floors)
        })
      }
    }
  }
}
