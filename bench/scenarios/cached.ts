import type { SpicRequest } from '@see/openapi/types'
import { benchRedis, ENTE_LATENCY, withFederation } from '../lib/federation.js'
import type { HostedOptions } from '../lib/host/protocol.js'
import { formatRow, measure } from '../lib/measure.js'
import type { BenchContext, Scenario } from '../lib/scenario.js'
import { spicLoad, warmUp, warmUpLoad } from '../lib/spic.js'
import { HeaderTally } from '../lib/tally.js'
import { callsPerRequest, settledDataCalls } from '../lib/upstream.js'

const ENTES = 20
const CONNECTIONS = [10, 50]
const PAGE_1: SpicRequest = { page: 1, pageSize: 10 }

async function measureHits (options: HostedOptions, label: string, context: BenchContext): Promise<void> {
  await withFederation(context, options, async (federation) => {
    const token = await federation.token()
    // The first answer fills the page cache; the rest must already be hits.
    const headers = await warmUp(federation.gatewayUrl, token, PAGE_1)
    if (headers['x-see-cache'] !== 'hit') context.print(`  (warning: the warm-up's last answer was x-see-cache ${String(headers['x-see-cache'])}, not hit)`)
    await warmUpLoad(spicLoad({ baseUrl: federation.gatewayUrl, token, body: PAGE_1, connections: CONNECTIONS[0]!, durationSeconds: 1 }))
    for (const connections of CONNECTIONS) {
      const cache = new HeaderTally('x-see-cache')
      await federation.resetCounters()
      const figures = await measure(spicLoad({ baseUrl: federation.gatewayUrl, token, body: PAGE_1, connections, durationSeconds: context.durationSeconds, onResponse: cache.record }))
      context.print(formatRow(`${label} c=${connections}`, figures, `${callsPerRequest(await settledDataCalls(federation), figures)}  ${cache.describe()}`))
    }
  })
}

export const cached: Scenario = {
  name: 'cached',
  title: `2. The same page 1 from the page cache (default TTLs), N=${ENTES} entes`,
  async run (context) {
    const base: HostedOptions = { entes: ENTES, size: 100, ...ENTE_LATENCY }
    await measureHits(base, 'page cache in process', context)
    const redis = benchRedis()
    if (redis) {
      await measureHits({ ...base, ...redis }, 'page cache in Redis (1 s near copy)', context)
      await measureHits({ ...base, ...benchRedis(), pageNearMs: 0 }, 'page cache in Redis only', context)
    } else {
      context.print('  (Redis rows skipped: REDIS_URL is not set)')
    }
  }
}
