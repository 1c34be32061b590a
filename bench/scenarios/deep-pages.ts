import type { AnyRecord, SystemProfile } from '@see/systems'
import { filteredPage, pageOf, sortedPage, type LabelledBody } from '../lib/bodies.js'
import { ENTE_LATENCY, withFederation, type BenchFederation } from '../lib/federation.js'
import { formatRow, measure, type Load } from '../lib/measure.js'
import type { BenchContext, SystemScenario } from '../lib/scenario.js'
import { firstResult, searchLoad, searchUrl, warmUp } from '../lib/search.js'
import { formatSequential, sequentialQueries } from '../lib/sequential.js'
import { callsPerRequest, settledDataCalls } from '../lib/upstream.js'

const ENTES = 20
/** 20 × 600 = 12,000 records, so page 1000 of 10 exists. */
const SIZE = 600
const CONCURRENT = 10

interface DeepQuery extends LabelledBody {
  /** Answers to collect one at a time (a deep sorted page takes seconds). */
  sequential: number
}

/**
 * Shallow and deep pages, unsorted and sorted by the profile's first sort field, and page 1 filtered
 * by its first text filter with a value taken from `sample` (a record the federation answered).
 */
function queriesOf (system: SystemProfile, sample: AnyRecord | undefined): DeepQuery[] {
  const filtered = sample === undefined ? undefined : filteredPage(system, sample)
  return [
    { label: 'page    1 unsorted', body: pageOf(1), sequential: 50 },
    { label: 'page 1000 unsorted', body: pageOf(1000), sequential: 50 },
    { ...sortedPage(system, 1), sequential: 20 },
    { ...sortedPage(system, 100), sequential: 6 },
    { ...sortedPage(system, 50, 200), sequential: 3 },
    ...(filtered === undefined ? [] : [{ ...filtered, sequential: 20 }])
  ]
}

/** Latency of a lone client's query, and the upstream calls one successful query costs. */
async function measureAlone (federation: BenchFederation, context: BenchContext, url: string, query: DeepQuery, token: string): Promise<void> {
  await federation.resetCounters()
  const count = context.durationSeconds < 5 ? Math.ceil(query.sequential / 2) : query.sequential
  const result = await sequentialQueries({ url, token, body: query.body, count })
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

export const deepPages: SystemScenario = {
  kind: 'system',
  name: 'deep-pages',
  title: `3. Shallow vs deep pages, sorted pages (the profile's first sort field) and a text filter (its first text filter), N=${ENTES} entes × ${SIZE} records, page cache off, counts cached (the PDN's crawl)`,
  async run (context, system) {
    await withFederation(context, { entes: ENTES, size: SIZE, ...ENTE_LATENCY, systems: [system.id], settings: { pageCache: false } }, async (federation) => {
      const token = await federation.token()
      const url = searchUrl(federation.gatewayUrl, system)
      const sample = await firstResult(url, token, pageOf(1))
      const queries = queriesOf(system, sample)
      if (queries.every(query => query.body.query === undefined)) context.print('  (no filtered row: page 1 answered no record with text at the first text filter\'s path)')
      for (const query of queries) {
        await warmUp(url, token, query.body, 2)
        await measureAlone(federation, context, url, query, token)
        const load = searchLoad({ url, token, body: query.body, connections: CONCURRENT, durationSeconds: context.durationSeconds })
        await measureLoad(federation, context, `${query.label} c=${CONCURRENT}`, load)
      }
    })
  }
}
