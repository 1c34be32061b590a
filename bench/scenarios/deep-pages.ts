import type { SpicRequest } from '@see/openapi/types'
import { ENTE_LATENCY, withFederation, type BenchFederation } from '../lib/federation.js'
import { formatRow, measure, type Load } from '../lib/measure.js'
import type { BenchContext, Scenario } from '../lib/scenario.js'
import { formatSequential, sequentialQueries } from '../lib/sequential.js'
import { spicLoad, warmUp } from '../lib/spic.js'
import { callsPerRequest, settledDataCalls } from '../lib/upstream.js'

const ENTES = 20
/** 20 × 600 = 12,000 records, so page 1000 of 10 exists. */
const SIZE = 600
const CONCURRENT = 10

interface DeepQuery {
  label: string
  body: SpicRequest
  /** Answers to collect one at a time (a deep sorted page takes seconds). */
  sequential: number
}

const QUERIES: DeepQuery[] = [
  { label: 'page    1 unsorted', body: { page: 1, pageSize: 10 }, sequential: 50 },
  { label: 'page 1000 unsorted', body: { page: 1000, pageSize: 10 }, sequential: 50 },
  { label: 'page    1 sorted primerApellido asc', body: { page: 1, pageSize: 10, sort: { primerApellido: 'asc' } }, sequential: 20 },
  { label: 'page  100 sorted primerApellido asc', body: { page: 100, pageSize: 10, sort: { primerApellido: 'asc' } }, sequential: 6 }
]

/** Latency of a lone client's query, and the upstream calls one successful query costs. */
async function measureAlone (federation: BenchFederation, context: BenchContext, query: DeepQuery, token: string): Promise<void> {
  await federation.resetCounters()
  const count = context.durationSeconds < 5 ? Math.ceil(query.sequential / 2) : query.sequential
  const result = await sequentialQueries({ baseUrl: federation.gatewayUrl, token, body: query.body, count })
  const calls = await settledDataCalls(federation)
  const perQuery = result.latencies.length === 0 ? '-' : (calls / result.latencies.length).toFixed(2)
  context.print(formatSequential(`${query.label} c=1`, result, `upstream ${perQuery}/query`))
}

async function measureLoad (federation: BenchFederation, context: BenchContext, label: string, load: Load): Promise<void> {
  await federation.resetCounters()
  const figures = await measure(load)
  const calls = await settledDataCalls(federation)
  context.print(formatRow(label, figures, callsPerRequest(calls, figures)))
}

export const deepPages: Scenario = {
  name: 'deep-pages',
  title: `3. Shallow vs deep pages, N=${ENTES} entes × ${SIZE} records, page cache off, counts cached (the PDN's crawl)`,
  async run (context) {
    await withFederation(context, { entes: ENTES, size: SIZE, ...ENTE_LATENCY, settings: { pageCache: false } }, async (federation) => {
      const token = await federation.token()
      for (const query of QUERIES) {
        await warmUp(federation.gatewayUrl, token, query.body, 2)
        await measureAlone(federation, context, query, token)
        const load = spicLoad({ baseUrl: federation.gatewayUrl, token, body: query.body, connections: CONCURRENT, durationSeconds: context.durationSeconds })
        await measureLoad(federation, context, `${query.label} c=${CONCURRENT}`, load)
      }
    })
  }
}
