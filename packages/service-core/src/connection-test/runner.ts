import { setMaxListeners } from 'node:events'
import type { ConnectionTestResult } from '@see/openapi/types'
import type { RegistryEntry, UrlPolicy } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import { EnteClient, type CallContext } from '../ente-client/client.js'
import { normalizeDependencias } from '../normalize.js'
import { check, notRun, type Check } from './check.js'
import { crawlCheck } from './crawl.js'
import { callLimit } from './limit.js'
import { elapsedMs, jsonOf, type Exchange } from './exchange.js'
import { filterCheckNames, filteredProblems, sampleFilters, sampleSorts, sortProblems, type Sample } from './expectations.js'
import type { PageView, Requested } from './page.js'
import { PAGINATION_CHECKS, paginationChecks, totalsCheck } from './pagination.js'
import { problem, problemOfOutcome } from './problems.js'
import { refusalCheckNames, refusalChecks } from './refusals.js'
import { search, type Searcher } from './search.js'
import { testTransport, type TestTransport } from './transport.js'

export type { Check } from './check.js'

export interface ConnectionTestOptions {
  requestId: string
  /** Every call passes the SSRF guard with this policy (and no redirect is followed). */
  urlPolicy?: UrlPolicy
  maxResponseBytes?: number
  /** Slowest data call the `latencia` check accepts (default 2000 ms, half the PDN's 4 s). */
  maxLatencyMs?: number
  /** Slowest token request the `latencia del token` check accepts (default 2000 ms, the PDN's). */
  maxTokenLatencyMs?: number
  /** The whole test's budget (default 30 s). */
  budgetMs?: number
  /** Longest wait for one data call, body included (default 4000 ms, the PDN's, or `maxLatencyMs` when longer). */
  callTimeoutMs?: number
  /** Calls to the ente at once (default 4). */
  concurrency?: number
  /** Also crawl every page at pageSize 200 (`recorrido completo`), up to this many pages. */
  crawlPages?: number
  /** Told of each check as it is decided (the conformance kit prints a line per check). */
  onCheck?: (check: Check) => void
}

/** The connection test's result, its checks with the details a report prints. */
export type ConnectionTestReport = ConnectionTestResult & { checks: Check[] }

const PAGE_ONE: Requested = { page: 1, pageSize: 10 }
const FULL: Requested = { page: 1, pageSize: 200 }

async function tokenCheck (client: EnteClient, entry: RegistryEntry, context: CallContext): Promise<Check> {
  const started = performance.now()
  const kind = entry.connection.auth.kind
  const sent = kind === 'none' || kind === 'static-bearer' ? undefined : 'POST <tokenUrl> (form-urlencoded; cliente en Authorization: Basic y en el cuerpo, como la PDN)'
  try {
    await client.tokenFor(entry, context)
    return check('token', [], { latencyMs: elapsedMs(started), ...(sent && { sent }), note: kind === 'none' ? 'la conexión no usa token' : `token obtenido (${kind})` })
  } catch (err) {
    const failed = { ok: false, error: (err as Error).message, latencyMs: elapsedMs(started) } satisfies Exchange
    return check('token', [problem(problemOfOutcome((err as { code?: string }).code ?? 'ENTE_AUTH_FAILED'), failed.error)], { latencyMs: failed.latencyMs, ...(sent && { sent }), answer: failed })
  }
}

function tokenLatencyCheck (token: Check, maxMs: number): Check {
  const ms = token.latencyMs ?? 0
  const problems = ms > maxMs ? [problem('TOKEN_LATENCY', `el token tardó ${ms} ms; el límite es ${maxMs} ms`)] : []
  return check('latencia del token', problems, { latencyMs: ms, note: `${ms} ms (límite ${maxMs} ms)` })
}

function dependenciasCheck (transport: TestTransport, answer: Exchange): Check {
  const { problems, data } = jsonOf(answer)
  if (problems.length === 0) {
    try {
      const { dropped, firstProblem } = normalizeDependencias(data)
      if (dropped > 0) problems.push(problem('DEPENDENCIAS', `${dropped} dependencia(s) no cumplen el estándar; la primera: ${firstProblem ?? ''}`))
    } catch (err) {
      problems.push(problem('DEPENDENCIAS', (err as Error).message))
    }
  }
  return check('dependencias', problems, { latencyMs: answer.latencyMs, ...(transport.dependenciasLabel && { sent: transport.dependenciasLabel }), answer })
}

/** The checks that need the sample of records: each filter, each sort, the pagination's edges. */
async function sampleChecks (searcher: Searcher, sample: Sample, pageOne: PageView | undefined): Promise<Check[]> {
  const { system } = searcher
  const searches: Array<Promise<Check>> = sampleFilters(system, sample).map(async filter => filter.notApplicable !== undefined
    ? check(filter.name, [], { note: `no aplica: ${filter.notApplicable}` })
    : (await search(searcher, filter.name, FULL, { ...FULL, query: filter.query }, page => filteredProblems(system, page, sample, filter))).check)
  for (const [name, sort] of sampleSorts(system)) searches.push(search(searcher, name, FULL, { ...FULL, sort }, page => sortProblems(system, page, sample, sort)).then(s => s.check))
  return [...await Promise.all(searches), ...await paginationChecks(searcher, sample, pageOne)]
}

/** Names of the checks that need the sample, for when there is none. */
function sampleCheckNames (system: SystemProfile): string[] {
  return [...filterCheckNames(system), ...sampleSorts(system).map(([name]) => name), ...PAGINATION_CHECKS]
}

function latencyCheck (latencies: number[], maxLatencyMs: number): { check: Check, slowest: number } {
  const sorted = [...latencies].sort((a, b) => a - b)
  const slowest = sorted.at(-1) ?? 0
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0
  const problems = slowest > maxLatencyMs ? [problem('LATENCY', `la llamada más lenta tardó ${slowest} ms; el límite es ${maxLatencyMs} ms`)] : []
  return { check: check('latencia', problems, { latencyMs: slowest, note: `máxima ${slowest} ms, mediana ${median} ms (límite ${maxLatencyMs} ms)` }), slowest }
}

/**
 * Tests an ente's connection for one system as the federation will use it: a token the way the
 * connection says (as the PDN asks for it), then the standard's queries — no filter, pageSize 200,
 * every filter of the system with values from the ente's own records (text fragments, words
 * without accents, `ñ` kept apart from `n`, any-of claves, exact values, inclusive ranges, the
 * exact `id`), every sort field both ways, the pagination's edges (page 2, the same page again,
 * pageSize 1, the last page and the one after it), searches without or with a forged token and bad
 * bodies, the catalogue, and optionally a full crawl — each answer checked against the system's
 * public schema and the reference semantics (@see/systems), with its latency. One check per item
 * says exactly what failed, what the standard expects and how to fix it. A fresh client: no cached
 * token, no circuit breaker. The registry's connection test and the conformance kit both run it.
 */
export async function runConnectionTest (system: SystemProfile, entry: RegistryEntry, options: ConnectionTestOptions): Promise<ConnectionTestReport> {
  const client = new EnteClient({
    ...(options.urlPolicy && { urlPolicy: options.urlPolicy }),
    ...(options.maxResponseBytes !== undefined && { maxResponseBytes: options.maxResponseBytes })
  })
  const budgetMs = options.budgetMs ?? 30_000
  const signal = AbortSignal.timeout(budgetMs)
  setMaxListeners(64, signal) // one deadline shared by the test's concurrent calls
  const context: CallContext = { requestId: options.requestId, signal, deadlineAt: performance.now() + budgetMs }
  const latencies: number[] = []
  const limit = callLimit(options.concurrency ?? 4)
  const timed = async (call: () => Promise<Exchange>): Promise<Exchange> => {
    const done = await limit(call)
    latencies.push(done.latencyMs)
    return done
  }
  // A deployment that allows slower calls (the demo's latency check) gives each call that long too.
  const callTimeoutMs = options.callTimeoutMs ?? Math.max(4_000, options.maxLatencyMs ?? 0)
  const perCall = (): CallContext => ({
    ...context,
    signal: AbortSignal.any([signal, AbortSignal.timeout(callTimeoutMs)]),
    deadlineAt: Math.min(context.deadlineAt, performance.now() + callTimeoutMs)
  })
  const transport = testTransport(system, client, entry, perCall)
  const searcher: Searcher = { system, ask: async body => await timed(async () => await transport.search(body)), label: transport.searchLabel }
  const checks: Check[] = []
  const add = (...more: Check[]): void => {
    checks.push(...more)
    for (const one of more) options.onCheck?.(one)
  }
  try {
    const token = await tokenCheck(client, entry, context)
    add(token, tokenLatencyCheck(token, options.maxTokenLatencyMs ?? 2_000))
    const dependencias = transport.dependencias === undefined ? [] : ['dependencias']
    if (!token.passed) {
      add(...notRun(['sin filtros', 'pageSize 200', 'totales consistentes', ...sampleCheckNames(system), ...refusalCheckNames(transport), ...dependencias, ...(options.crawlPages === undefined ? [] : ['recorrido completo'])], 'no se obtuvo el token'))
    } else {
      const [plain, full] = await Promise.all([search(searcher, 'sin filtros', PAGE_ONE, {}), search(searcher, 'pageSize 200', FULL, FULL)])
      add(plain.check, full.check, totalsCheck(plain.page, full.page))
      if (full.page === undefined) {
        add(...notRun(sampleCheckNames(system), 'la consulta con pageSize 200 no dio una respuesta utilizable'))
      } else {
        const sample: Sample = { records: full.page.results, totalRows: full.page.totalRows, complete: full.page.results.length === full.page.totalRows }
        add(...await sampleChecks(searcher, sample, plain.page))
      }
      add(...await refusalChecks(transport, timed))
      if (transport.dependencias !== undefined) add(dependenciasCheck(transport, await timed(transport.dependencias)))
      if (options.crawlPages !== undefined) {
        const crawl = await crawlCheck(searcher, options.crawlPages)
        add(crawl.check)
      }
    }
  } finally {
    await client.close()
  }
  const latency = latencyCheck(latencies, options.maxLatencyMs ?? 2_000)
  add(latency.check)
  return { passed: checks.every(c => c.passed), checks, latencyMs: latency.slowest, configVersion: entry.configVersion }
}
