import { request } from 'undici'
import { passwordGrantRequest } from '@see/demo'
import type { SystemProfile } from '@see/systems'
import { BaselineProcess } from '../lib/baseline/process.js'
import type { BaselineSummaryRow } from '../lib/baseline/protocol.js'
import { firstSortField, pageOf } from '../lib/bodies.js'
import { crawl, federatedSteps, providerSteps, type CrawlFigures } from '../lib/crawl.js'
import { ENTE_LATENCY, withFederation, type BenchFederation } from '../lib/federation.js'
import type { HostedOptions } from '../lib/host/protocol.js'
import { formatRow, measure, type Figures, type Load } from '../lib/measure.js'
import type { BenchContext, SystemScenario } from '../lib/scenario.js'
import { searchLoad, searchUrl, warmUp, warmUpLoad } from '../lib/search.js'

// The issue's table: each path this project serves for the PDN, beside a baseline measured in the
// same run against the same simulated entes: a plain per-ente client doing what the national S2
// backend does (a token per call, a counts-only summary, one provider's pages for the crawl).

const ENTES = 20
/** 500 records per ente: windows of 200 do not line up with the entes' own pages after the first ente. */
const SIZE = 500
const CRAWL_PAGE = 200
/** The baseline's bound on one ente call: our own deadline, so the hanging row compares like with like. */
const BASELINE_TIMEOUT_MS = 3500
/** The first seconds after an ente starts hanging: what the PDN sees before anything learns (longer than the baseline's bound, so it answers too). */
const HANG_SECONDS = 5
/** What the PDN asks of the token endpoint (one token per data call). */
const TOKEN_TARGET = 1000

type Line = (line: string) => void

/** The CPU time `cpuMs` reports across `run`: figures a loaded machine skews far less than throughput. */
async function withCpu<T> (cpuMs: () => Promise<number>, run: () => Promise<T>): Promise<{ value: T, cpuMs: number }> {
  const before = await cpuMs()
  const value = await run()
  return { value, cpuMs: await cpuMs() - before }
}

/** `cpu` ms over `units`, to one decimal. */
function per (cpu: number, units: number): number {
  return units === 0 ? Number.NaN : Math.round(cpu / units * 10) / 10
}

function ratio (ours: number, theirs: number): string {
  if (theirs === 0) return ours === 0 ? '-' : '∞'
  return `${(ours / theirs).toFixed(2)}×`
}

/** Rows of the summary table printed at the end of the scenario. */
class Table {
  readonly rows: string[] = []
  add (path: string, figures: string): void { this.rows.push(`  ${path.padEnd(44)} ${figures}`) }
  print (print: Line): void {
    print('  -- this project ÷ baseline, same run --')
    for (const row of this.rows) print(row)
  }
}

async function withBaseline<T> (federation: BenchFederation, system: SystemProfile, use: (baseline: BaselineProcess) => Promise<T>): Promise<T> {
  const baseline = await BaselineProcess.start({ entes: federation.entes, searchPath: system.paths.search, timeoutMs: BASELINE_TIMEOUT_MS })
  try {
    return await use(baseline)
  } finally {
    await baseline.close()
  }
}

function jsonLoad (url: string, body: unknown, connections: number, durationSeconds: number): Load {
  return { url, body, connections, durationSeconds }
}

async function baselineTotals (baseline: BaselineProcess): Promise<Array<{ supplier: string, total: number }>> {
  const response = await request(`${baseline.url}/summary`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  const rows = await response.body.json() as BaselineSummaryRow[]
  return rows.map(row => ({ supplier: row.supplier_id, total: row.totalRows ?? 0 }))
}

/**
 * Asks page 1 until every ente is counted (on a loaded machine a count round may leave some out),
 * so the crawl's pages are those of the whole federation; the counts then stay cached.
 */
async function countEveryEnte (url: string, token: string, total: number, print: Line): Promise<void> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    const response = await request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(pageOf(1, 1)) })
    const answer = await response.body.json() as { pagination?: { totalRows: number } }
    if (answer.pagination?.totalRows === total) return
  }
  print(`  (warning: the federation never counted all ${total} records; crawl pages that leave an ente out count as failed)`)
}

function crawlRow (label: string, figures: CrawlFigures): string {
  return `${label.padEnd(58)} ${String(figures.recordsPerSecond).padStart(7)} records/s  page p50 ${String(figures.p50).padStart(5)} ms  pages ${figures.pages}  failed ${figures.failures}${figures.failures > 0 ? ` (${Object.entries(figures.failedAs).map(([kind, n]) => `${kind}×${n}`).join(' ')})` : ''}`
}

function options (settings: HostedOptions['settings'], cacheTtls?: HostedOptions['cacheTtls']): HostedOptions {
  // A prefix of its own: counts and pages of another run on the same Redis are never read here.
  return { entes: ENTES, size: SIZE, ...ENTE_LATENCY, settings, redisPrefix: `bench-pdn-${process.pid}-${Date.now()}:`, ...(cacheTtls && { cacheTtls }) }
}

/** Fresh queries (counts uncached) and one ente hanging: a full merged page against the counts-only summary. */
async function freshAndHanging (context: BenchContext, system: SystemProfile, table: Table): Promise<void> {
  const print = context.print
  await withFederation(context, { ...options({ pageCache: false }, { countTtlMs: 0 }), systems: [system.id] }, async (federation) => {
    await withBaseline(federation, system, async (baseline) => {
      const token = await federation.token()
      const url = searchUrl(federation.gatewayUrl, system)
      const ours = searchLoad({ url, token, body: pageOf(1), connections: 10, durationSeconds: context.durationSeconds })
      const theirs = jsonLoad(`${baseline.url}/summary`, { query: {} }, 10, context.durationSeconds)
      await warmUp(url, token, pageOf(1))
      await warmUpLoad(ours)
      await warmUpLoad(theirs)
      const { value: a, cpuMs: cpuA } = await withCpu(federation.cpuMs, async () => await measure(ours))
      const oursCpu = per(cpuA, a.requests)
      print(formatRow('fresh query page 1, this project c=10', a, `CPU ${oursCpu} ms/answer (gateway + service)`))
      const { value: b, cpuMs: cpuB } = await withCpu(async () => await baseline.cpuMs(), async () => await measure(theirs))
      const theirCpu = per(cpuB, b.requests)
      print(formatRow('fresh query summary, baseline c=10', b, `CPU ${theirCpu} ms/answer`))
      table.add('fresh query N=20 c=10', `req/s ${ratio(a.requestsPerSecond, b.requestsPerSecond)}  p50 ${ratio(a.p50, b.p50)} (${a.p50} vs ${b.p50} ms)  CPU/answer ${ratio(oursCpu, theirCpu)}`)

      await federation.setFault(ENTES - 1, 'hang')
      const hungOurs = await measure({ ...ours, durationSeconds: HANG_SECONDS })
      print(formatRow(`one ente hanging, first ${HANG_SECONDS} s, this project c=10`, hungOurs, `max ${hungOurs.max} ms`))
      await federation.setFault(ENTES - 1, 'none')
      await federation.setFault(ENTES - 2, 'hang')
      const hungTheirs = await measure({ ...theirs, durationSeconds: HANG_SECONDS })
      print(formatRow(`one ente hanging, first ${HANG_SECONDS} s, baseline c=10`, hungTheirs, `max ${hungTheirs.max} ms`))
      await federation.setFault(ENTES - 2, 'none')
      table.add(`one ente hanging, first ${HANG_SECONDS} s`, `p50 ${ratio(hungOurs.p50, hungTheirs.p50)} (${hungOurs.p50} vs ${hungTheirs.p50} ms; max ${hungOurs.max} vs ${hungTheirs.max} ms)`)
    })
  })
}

/** The PDN's bulk crawl at pageSize 200, and a deep sorted page: counts cached, page cache off. */
async function crawls (context: BenchContext, system: SystemProfile, table: Table): Promise<void> {
  const print = context.print
  await withFederation(context, { ...options({ pageCache: false }), systems: [system.id] }, async (federation) => {
    await withBaseline(federation, system, async (baseline) => {
      const token = await federation.token()
      const url = searchUrl(federation.gatewayUrl, system)
      const total = ENTES * SIZE
      await countEveryEnte(url, token, total, print)
      const ours = federatedSteps(url, token, total, CRAWL_PAGE)
      const theirs = providerSteps(`${baseline.url}/search`, await baselineTotals(baseline), CRAWL_PAGE)
      await crawl(ours, 1, 1)
      await crawl(theirs, 1, 1)
      for (const crawlers of [1, 10]) {
        const { value: a, cpuMs: cpuA } = await withCpu(federation.cpuMs, async () => await crawl(ours, crawlers, context.durationSeconds))
        const oursCpu = per(cpuA, a.records / 1000)
        print(`${crawlRow(`crawl pageSize ${CRAWL_PAGE}, this project c=${crawlers}`, a)}  CPU ${oursCpu} ms/1000 records (gateway + service)`)
        const { value: b, cpuMs: cpuB } = await withCpu(async () => await baseline.cpuMs(), async () => await crawl(theirs, crawlers, context.durationSeconds))
        const theirCpu = per(cpuB, b.records / 1000)
        print(`${crawlRow(`crawl pageSize ${CRAWL_PAGE}, baseline c=${crawlers}`, b)}  CPU ${theirCpu} ms/1000 records`)
        table.add(`bulk crawl pageSize ${CRAWL_PAGE} c=${crawlers}`, `records/s ${ratio(a.recordsPerSecond, b.recordsPerSecond)} (${a.recordsPerSecond} vs ${b.recordsPerSecond})  CPU/record ${ratio(oursCpu, theirCpu)} (${oursCpu} vs ${theirCpu} ms/1000)`)
      }

      const field = firstSortField(system)
      const deepPage = Math.ceil(total / CRAWL_PAGE)
      const sorted = searchLoad({ url, token, body: { page: deepPage, pageSize: CRAWL_PAGE, sort: { [field]: 'asc' } }, connections: 10, durationSeconds: context.durationSeconds })
      const a = await measure(sorted)
      print(formatRow(`sorted page ${deepPage} pageSize ${CRAWL_PAGE} ${field} asc, this project c=10`, a))
      const unsorted = await measure({ ...sorted, body: { page: deepPage, pageSize: CRAWL_PAGE } })
      print(formatRow(`unsorted page ${deepPage} pageSize ${CRAWL_PAGE}, this project c=10`, unsorted))
      const answered = (f: Figures): number => Math.round((f.requests - f.non2xx) / context.durationSeconds)
      table.add(`sorted page ${deepPage} c=10 (÷ our unsorted page)`, `2xx/s ${ratio(answered(a), answered(unsorted))} (${answered(a)} vs ${answered(unsorted)}; sorted non2xx ${a.non2xx})`)
    })
  })
}

/** Cache hits against the baseline's summary (it has no cache), and the token endpoint against the PDN's rate. */
async function cachedAndTokens (context: BenchContext, system: SystemProfile, table: Table): Promise<void> {
  const print = context.print
  await withFederation(context, { ...options({ pageCache: true }), systems: [system.id] }, async (federation) => {
    await withBaseline(federation, system, async (baseline) => {
      const token = await federation.token()
      const url = searchUrl(federation.gatewayUrl, system)
      await warmUp(url, token, pageOf(1))
      const a = await measure(searchLoad({ url, token, body: pageOf(1), connections: 50, durationSeconds: context.durationSeconds }))
      print(formatRow('cache hit page 1, this project c=50', a))
      const b = await measure(jsonLoad(`${baseline.url}/summary`, { query: {} }, 50, context.durationSeconds))
      print(formatRow('summary, baseline c=50', b))
      table.add('cache hit c=50', `req/s ${ratio(a.requestsPerSecond, b.requestsPerSecond)}`)

      await federation.token()
      const tokenLoad = (tokenUrl: string, credentials: Parameters<typeof passwordGrantRequest>[0]): Load => ({ url: tokenUrl, ...passwordGrantRequest(credentials), connections: 10, durationSeconds: context.durationSeconds })
      const ours = await measure(tokenLoad(`${federation.gatewayUrl}/oauth/token`, federation.credentials))
      const tokens = (f: Figures): number => Math.round((f.statuses['200'] ?? 0) / context.durationSeconds)
      print(formatRow('token endpoint, this project c=10', ours, `${tokens(ours)} tokens/s`))
      // The national backend issues no tokens to the PDN: the row is judged against the PDN's own rate.
      table.add(`token endpoint c=10 (÷ ${TOKEN_TARGET} tokens/s)`, `tokens/s ${ratio(tokens(ours), TOKEN_TARGET)} (${tokens(ours)}; non2xx ${ours.non2xx})`)
    })
  })
}

export const pdn: SystemScenario = {
  kind: 'system',
  name: 'pdn',
  title: `6. The issue's table: this project ÷ a national-backend baseline measured in the same run, N=${ENTES} entes × ${SIZE} records at 10 ± 2 ms`,
  async run (context, system) {
    const table = new Table()
    await freshAndHanging(context, system, table)
    await crawls(context, system, table)
    await cachedAndTokens(context, system, table)
    table.print(context.print)
  }
}
