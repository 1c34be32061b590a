import { setMaxListeners } from 'node:events'
import type { ConnectionTestResult, RegistryTestCheck } from '@see/openapi/types'
import type { RegistryEntry, UrlPolicy } from '@see/registry'
import { isPrivatePath, type Query, type Sort, type SystemProfile } from '@see/systems'
import { EnteClient, type CallContext } from '../ente-client/client.js'
import { normalizeDependencias } from '../normalize.js'
import { elapsedMs, jsonOf, type Exchange } from './exchange.js'
import { filteredProblems, sampleFilters, sampleSorts, sortProblems, type Sample } from './expectations.js'
import { readPage, type PageView, type Requested } from './page.js'
import { testTransport } from './transport.js'

/** A search body as the standard has it (`rfcSolicitante` never sent by a test). */
interface SearchBody {
  page?: number
  pageSize?: number
  sort?: Sort
  query?: Query
}

export interface ConnectionTestOptions {
  requestId: string
  /** Every call passes the SSRF guard with this policy (and no redirect is followed). */
  urlPolicy?: UrlPolicy
  maxResponseBytes?: number
  /** Slowest call the `latencia` check accepts (default 2000 ms, half the PDN's 4 s). */
  maxLatencyMs?: number
  /** The whole test's budget (default 30 s). */
  budgetMs?: number
}

const PAGE_ONE: Requested = { page: 1, pageSize: 10 }
const FULL: Requested = { page: 1, pageSize: 200 }
const PAGE_TWO: Requested = { page: 2, pageSize: 10 }
const BAD_BODY = { pageSize: 'diez' }
const MAX_MESSAGE = 4000

type Check = RegistryTestCheck & { request?: unknown }

function check (name: string, problems: string[], extra: { latencyMs?: number, request?: unknown, note?: string } = {}): Check {
  const message = problems.length > 0 ? problems.join('; ') : extra.note
  return {
    name,
    passed: problems.length === 0,
    ...(message !== undefined && { message: message.slice(0, MAX_MESSAGE) }),
    ...(extra.latencyMs !== undefined && { latencyMs: extra.latencyMs }),
    ...(extra.request !== undefined && { request: extra.request })
  }
}

const notRun = (names: string[], why: string): Check[] => names.map(name => check(name, [`no se ejecutó: ${why}`]))

/** A search plus the checks of its page; the page when it was readable. */
type Ask = (body: SearchBody) => Promise<Exchange>

async function search (system: SystemProfile, ask: Ask, name: string, requested: Requested, body: SearchBody, more: (page: PageView) => string[] = () => []): Promise<{ check: Check, page?: PageView }> {
  const answer = await ask(body)
  if (!answer.ok && answer.notApplicable === true) return { check: check(name, [], { latencyMs: answer.latencyMs, request: body, note: `no aplica: ${answer.error}` }) }
  const { problems, page } = readPage(system, answer, requested)
  if (page !== undefined) problems.push(...more(page))
  return { check: check(name, problems, { latencyMs: answer.latencyMs, request: body, ...(page && { note: `totalRows ${page.totalRows}` }) }), ...(page && { page }) }
}

async function tokenCheck (client: EnteClient, entry: RegistryEntry, context: CallContext): Promise<Check> {
  const started = performance.now()
  const kind = entry.connection.auth.kind
  try {
    await client.tokenFor(entry, context)
    return check('token', [], { latencyMs: elapsedMs(started), note: kind === 'none' ? 'la conexión no usa token' : `token obtenido (${kind})` })
  } catch (err) {
    return check('token', [(err as Error).message], { latencyMs: elapsedMs(started) })
  }
}

function badBodyCheck (answer: Exchange): Check {
  const problems = !answer.ok
    ? [answer.error]
    : answer.status === 400 || answer.status === 422 ? [] : [`HTTP ${answer.status}; un cuerpo inválido debe responder 400 o 422`]
  return check('cuerpo inválido', problems, { latencyMs: answer.latencyMs, request: BAD_BODY, ...(answer.ok && { note: `HTTP ${answer.status}` }) })
}

function dependenciasCheck (answer: Exchange): Check {
  const { problems, data } = jsonOf(answer)
  if (problems.length === 0) {
    try {
      const { dropped, firstProblem } = normalizeDependencias(data)
      if (dropped > 0) problems.push(`${dropped} dependencia(s) no cumplen el estándar; la primera: ${firstProblem ?? ''}`)
    } catch (err) {
      problems.push((err as Error).message)
    }
  }
  return check('dependencias', problems, { latencyMs: answer.latencyMs })
}

/**
 * Searches of one connection test in flight at once: a system with many filters and sorts (S1 has
 * about fifty checks) must not overflow the ente's connection queue and fail on its own load.
 */
const CHECKS_IN_FLIGHT = 8

/** Runs the tasks at most `limit` at a time, keeping their order in the results. */
async function inTurns<T> (tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

/** The checks that need the sample of records: each filter, each sort, page 2. */
async function sampleChecks (system: SystemProfile, ask: Ask, sample: Sample, pageOne: PageView | undefined): Promise<Check[]> {
  const searches: Array<() => Promise<{ check: Check }>> = []
  for (const { field, query } of sampleFilters(system, sample)) {
    searches.push(async () => await search(system, ask, `filtro ${field}`, FULL, { ...FULL, query }, page => filteredProblems(system, page, sample, query)))
  }
  for (const [name, sort] of sampleSorts(system)) searches.push(async () => await search(system, ask, name, FULL, { ...FULL, sort }, page => sortProblems(system, page, sample, sort)))
  searches.push(async () => await search(system, ask, 'página 2', PAGE_TWO, PAGE_TWO, page => pageTwoProblems(page, sample, pageOne)))
  return (await inTurns(searches, CHECKS_IN_FLIGHT)).map(s => s.check)
}

/** Names of the checks that need the sample, for when there is none. */
function sampleCheckNames (system: SystemProfile): string[] {
  const filters = Object.entries(system.filters)
    .filter(([, spec]) => spec.kind !== 'requester' && spec.kind !== 'range' && !('path' in spec && isPrivatePath(spec.path, system.privateFields)))
    .map(([field]) => `filtro ${field}`)
  return [...filters, ...sampleSorts(system).map(([name]) => name), 'página 2']
}

function dependenciasCheckName (system: SystemProfile): string[] {
  return system.paths.dependencias === undefined ? [] : ['dependencias']
}

function pageTwoProblems (page: PageView, sample: Sample, pageOne: PageView | undefined): string[] {
  const problems: string[] = []
  const seen = new Set(pageOne?.results.map(r => r.id))
  const repeated = page.results.find(r => seen.has(r.id))
  if (repeated !== undefined) problems.push(`el registro ${repeated.id} aparece en las páginas 1 y 2`)
  const expected = sample.records.slice(10, 20).map(r => r.id)
  const got = page.results.map(r => r.id)
  if (sample.records.length >= 20 && JSON.stringify(got) !== JSON.stringify(expected)) problems.push('la página 2 no sigue el mismo orden que la consulta con pageSize 200')
  return problems
}

function totalsCheck (plain: PageView | undefined, full: PageView | undefined): Check {
  if (plain === undefined || full === undefined) return check('totales consistentes', ['no se ejecutó: faltan respuestas sin filtros'])
  return check('totales consistentes', plain.totalRows === full.totalRows ? [] : [`totalRows es ${plain.totalRows} con pageSize 10 y ${full.totalRows} con pageSize 200`])
}

function latencyCheck (latencies: number[], maxLatencyMs: number): { check: Check, slowest: number } {
  const sorted = [...latencies].sort((a, b) => a - b)
  const slowest = sorted.at(-1) ?? 0
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0
  const problems = slowest > maxLatencyMs ? [`la llamada más lenta tardó ${slowest} ms; el límite es ${maxLatencyMs} ms`] : []
  return { check: check('latencia', problems, { latencyMs: slowest, note: `máxima ${slowest} ms, mediana ${median} ms (límite ${maxLatencyMs} ms)` }), slowest }
}

/**
 * Tests an ente's connection for one system as the federation will use it: a token the way the
 * connection says, then the standard's queries — no filter, pageSize 200, page 2, every filter of
 * the system (text fragments, any-of claves, exact values, the exact `id`), every sort field both
 * ways, a bad body, the catalogue — each answer checked against the system's public schema and the
 * reference semantics (@see/systems), with its latency. One check per item says exactly what
 * failed. A fresh client: no cached token, no circuit breaker.
 */
export async function runConnectionTest (system: SystemProfile, entry: RegistryEntry, options: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const client = new EnteClient({
    ...(options.urlPolicy && { urlPolicy: options.urlPolicy }),
    ...(options.maxResponseBytes !== undefined && { maxResponseBytes: options.maxResponseBytes })
  })
  const budgetMs = options.budgetMs ?? 30_000
  const signal = AbortSignal.timeout(budgetMs)
  setMaxListeners(64, signal) // one deadline shared by the test's concurrent calls
  const context: CallContext = { requestId: options.requestId, signal, deadlineAt: performance.now() + budgetMs }
  const latencies: number[] = []
  const timed = async (answer: Promise<Exchange>): Promise<Exchange> => {
    const done = await answer
    latencies.push(done.latencyMs)
    return done
  }
  const transport = testTransport(system, client, entry, context)
  const ask: Ask = async body => await timed(transport.search(body))
  const checks: Check[] = []
  try {
    const token = await tokenCheck(client, entry, context)
    checks.push(token)
    if (token.latencyMs !== undefined) latencies.push(token.latencyMs)
    if (!token.passed) {
      checks.push(...notRun(['sin filtros', 'pageSize 200', 'totales consistentes', ...sampleCheckNames(system), ...(transport.checksBadBody ? ['cuerpo inválido'] : []), ...dependenciasCheckName(system)], 'no se obtuvo el token'))
    } else {
      const [plain, full, bad, dependencias] = await Promise.all([
        search(system, ask, 'sin filtros', PAGE_ONE, {}),
        search(system, ask, 'pageSize 200', FULL, FULL),
        transport.checksBadBody ? ask(BAD_BODY as unknown as SearchBody) : undefined,
        transport.dependencias === undefined ? undefined : timed(transport.dependencias())
      ])
      checks.push(plain.check, full.check, totalsCheck(plain.page, full.page))
      if (full.page === undefined) {
        checks.push(...notRun(sampleCheckNames(system), 'la consulta con pageSize 200 no dio una respuesta utilizable'))
      } else {
        const sample: Sample = { records: full.page.results, totalRows: full.page.totalRows, complete: full.page.results.length === full.page.totalRows }
        checks.push(...await sampleChecks(system, ask, sample, plain.page))
      }
      if (bad !== undefined) checks.push(badBodyCheck(bad))
      if (dependencias !== undefined) checks.push(dependenciasCheck(dependencias))
    }
  } finally {
    await client.close()
  }
  const latency = latencyCheck(latencies, options.maxLatencyMs ?? 2_000)
  checks.push(latency.check)
  return { passed: checks.every(c => c.passed), checks, latencyMs: latency.slowest, configVersion: entry.configVersion }
}
