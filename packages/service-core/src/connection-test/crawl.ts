import { check, type Check } from './check.js'
import type { Exchange } from './exchange.js'
import { readPage } from './page.js'
import { problem, type Problem } from './problems.js'
import type { Searcher } from './search.js'

const PAGE_SIZE = 200

/**
 * Every page of the unsorted query at pageSize 200, one after the other as the PDN crawls: each
 * record exactly once, as many as `totalRows`. Stops at the first unusable page, or after `maxPages`.
 */
export async function crawlCheck (searcher: Searcher, maxPages: number): Promise<{ check: Check, latencies: number[] }> {
  const seen = new Set<string>()
  const latencies: number[] = []
  const problems: Problem[] = []
  let totalRows: number | undefined
  let last: Exchange | undefined
  for (let page = 1; page <= maxPages; page++) {
    const body = { page, pageSize: PAGE_SIZE }
    last = await searcher.ask(body)
    latencies.push(last.latencyMs)
    const read = readPage(searcher.system, last, body)
    if (read.page === undefined) {
      problems.push(...read.problems.map(p => ({ ...p, text: `página ${page}: ${p.text}` })))
      break
    }
    totalRows ??= read.page.totalRows
    if (read.page.totalRows !== totalRows) problems.push(problem('TOTALS', `página ${page}: totalRows es ${read.page.totalRows}; en la página 1 era ${totalRows}`))
    const repeated = read.page.results.find(r => seen.has(r.id))
    if (repeated !== undefined) problems.push(problem('CRAWL', `página ${page}: el registro ${repeated.id} ya había llegado en una página anterior`))
    for (const record of read.page.results) seen.add(record.id)
    if (problems.length > 0 || !read.page.hasNextPage || read.page.results.length === 0) break
  }
  if (problems.length === 0 && totalRows !== undefined && seen.size !== totalRows) {
    problems.push(problem('CRAWL', `el recorrido trajo ${seen.size} registros distintos; totalRows es ${totalRows}`))
  }
  const slowest = Math.max(0, ...latencies)
  return {
    check: check('recorrido completo', problems, { latencyMs: slowest, sent: searcher.label, ...(last && { answer: last }), note: `${seen.size} registros en ${latencies.length} página(s)` }),
    latencies
  }
}
