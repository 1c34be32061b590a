import type { SystemProfile } from '@see/systems'
import { pageOf } from '../lib/bodies.js'
import { benchRedis, ENTE_LATENCY, withFederation } from '../lib/federation.js'
import type { HostedOptions } from '../lib/host/protocol.js'
import { formatRow, measure } from '../lib/measure.js'
import type { BenchContext, SystemScenario } from '../lib/scenario.js'
import { searchLoad, searchUrl, warmUp, warmUpLoad } from '../lib/search.js'
import { HeaderTally } from '../lib/tally.js'
import { callsPerRequest, settledDataCalls } from '../lib/upstream.js'

const ENTES = 20
const CONNECTIONS = [10, 50]
const PAGE_1 = pageOf(1)

async function measureHits (options: HostedOptions, system: SystemProfile, label: string, context: BenchContext): Promise<void> {
  await withFederation(context, options, async (federation) => {
    const token = await federation.token()
    const url = searchUrl(federation.gatewayUrl, system)
    // The first answer fills the page cache; the rest must already be hits.
    const headers = await warmUp(url, token, PAGE_1)
    if (headers['x-see-cache'] !== 'hit') context.print(`  (warning: the warm-up's last answer was x-see-cache ${String(headers['x-see-cache'])}, not hit)`)
    await warmUpLoad(searchLoad({ url, token, body: PAGE_1, connections: CONNECTIONS[0]!, durationSeconds: 1 }))
    for (const connections of CONNECTIONS) {
      const cache = new HeaderTally('x-see-cache')
      await federation.resetCounters()
      const figures = await measure(searchLoad({ url, token, body: PAGE_1, connections, durationSeconds: context.durationSeconds, onResponse: cache.record }))
      context.print(formatRow(`${label} c=${connections}`, figures, `${callsPerRequest(await settledDataCalls(federation), figures)}  ${cache.describe()}`))
    }
  })
}

export const cached: SystemScenario = {
  kind: 'system',
  name: 'cached',
  title: `2. The same page 1 from the page cache (default TTLs), N=${ENTES} entes`,
  async run (context, system) {
    const base: HostedOptions = { entes: ENTES, size: 100, ...ENTE_LATENCY, systems: [system.id] }
    await measureHits(base, system, 'page cache in process', context)
    const redis = benchRedis()
    if (redis) {
      await measureHits({ ...base, ...redis }, system, 'page cache in Redis (1 s near copy)', context)
      await measureHits({ ...base, ...benchRedis(), pageNearMs: 0 }, system, 'page cache in Redis only', context)
    } else {
      context.print('  (Redis rows skipped: REDIS_URL is not set)')
    }
  }
}
