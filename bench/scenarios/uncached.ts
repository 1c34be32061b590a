import type { CacheTtlOptions } from '@see/gateway'
import type { SpicRequest } from '@see/openapi/types'
import { ENTE_LATENCY, withFederation, type BenchFederation } from '../lib/federation.js'
import { formatRow, measure } from '../lib/measure.js'
import type { BenchContext, Scenario } from '../lib/scenario.js'
import { enteToken, spicLoad, warmUp, warmUpLoad } from '../lib/spic.js'
import { HeaderTally } from '../lib/tally.js'
import { callsPerRequest, settledDataCalls } from '../lib/upstream.js'

const ENTE_COUNTS = [1, 5, 20, 50]
const CONNECTIONS = [1, 10, 50]
const PAGE_1: SpicRequest = { page: 1, pageSize: 10 }

interface CountMode {
  label: string
  cacheTtls?: CacheTtlOptions
}

// The page cache is off in both modes. "uncached" also turns the per-ente count cache off, so every
// request asks every ente; "counts cached" is the PDN crawling one query page after page.
const MODES: CountMode[] = [
  { label: 'uncached', cacheTtls: { s2: { countTtlMs: 0 } } },
  { label: 'counts cached' }
]

/** The floor: the same search straight to one simulated ente, with that ente's own token. */
async function measureFloor (federation: BenchFederation, context: BenchContext): Promise<Map<number, number>> {
  const provider = federation.entes[0]!
  const token = await enteToken(provider)
  await warmUp(provider.url, token, PAGE_1)
  await warmUpLoad(spicLoad({ baseUrl: provider.url, token, body: PAGE_1, connections: CONNECTIONS[0]!, durationSeconds: 1 }))
  const floors = new Map<number, number>()
  for (const connections of CONNECTIONS) {
    const figures = await measure(spicLoad({ baseUrl: provider.url, token, body: PAGE_1, connections, durationSeconds: context.durationSeconds }))
    floors.set(connections, figures.p50)
    context.print(formatRow(`direct to one ente (floor) c=${connections}`, figures))
  }
  return floors
}

async function measureGateway (federation: BenchFederation, context: BenchContext, label: string, floors: Map<number, number>): Promise<void> {
  const token = await federation.token()
  await warmUp(federation.gatewayUrl, token, PAGE_1)
  await warmUpLoad(spicLoad({ baseUrl: federation.gatewayUrl, token, body: PAGE_1, connections: CONNECTIONS[0]!, durationSeconds: 1 }))
  for (const connections of CONNECTIONS) {
    const cache = new HeaderTally('x-see-cache')
    await federation.resetCounters()
    const figures = await measure(spicLoad({ baseUrl: federation.gatewayUrl, token, body: PAGE_1, connections, durationSeconds: context.durationSeconds, onResponse: cache.record }))
    const calls = await settledDataCalls(federation)
    const floor = floors.get(connections)
    const delta = floor === undefined ? '' : `Δp50 ${figures.p50 - floor >= 0 ? '+' : ''}${figures.p50 - floor} ms  `
    context.print(formatRow(`${label} c=${connections}`, figures, `${delta}${callsPerRequest(calls, figures)}  ${cache.describe()}`))
  }
}

export const uncached: Scenario = {
  name: 'uncached',
  title: '1. Federated S2 page 1 (pageSize 10), entes at 10 ± 2 ms, page cache off — identical bodies (nothing coalesces with the page cache off)',
  async run (context) {
    let floors: Map<number, number> | undefined
    for (const entes of context.entes ?? ENTE_COUNTS) {
      for (const mode of MODES) {
        await withFederation(context, { entes, size: 100, ...ENTE_LATENCY, settings: { pageCache: false }, ...(mode.cacheTtls && { cacheTtls: mode.cacheTtls }) }, async (federation) => {
          floors ??= await measureFloor(federation, context)
          await measureGateway(federation, context, `gateway N=${String(entes).padStart(2)} ${mode.label}`, floors)
        })
      }
    }
  }
}
