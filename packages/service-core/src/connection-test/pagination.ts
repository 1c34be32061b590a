import { check, type Check } from './check.js'
import type { Sample } from './expectations.js'
import type { PageView, Requested } from './page.js'
import { problem, type Problem } from './problems.js'
import { search, type Searcher } from './search.js'

const PAGE_SIZE = 10

function sameTotal (page: PageView, sample: Sample): Problem[] {
  return page.totalRows === sample.totalRows ? [] : [problem('TOTALS', `totalRows es ${page.totalRows} aquí y ${sample.totalRows} con pageSize 200`)]
}

function idsOf (page: PageView | undefined): string[] {
  return page?.results.map(r => r.id) ?? []
}

/** The same query twice must give the same records in the same order (the order pages chain on). */
function stableProblems (first: PageView | undefined, again: PageView): Problem[] {
  if (first === undefined) return []
  return JSON.stringify(idsOf(first)) === JSON.stringify(idsOf(again)) ? [] : [problem('PAGE_ORDER', 'la misma consulta sin orden devolvió otros registros u otro orden la segunda vez')]
}

function pastEndProblems (page: PageView, sample: Sample): Problem[] {
  const problems = sameTotal(page, sample)
  if (page.results.length > 0) problems.push(problem('PAST_END', `una página después del final trajo ${page.results.length} registro(s)`))
  return problems
}

/** The page two of pageSize 10 continues page one, in the order of the pageSize 200 answer. */
function pageTwoProblems (page: PageView, sample: Sample, pageOne: PageView | undefined): Problem[] {
  const problems: Problem[] = []
  const seen = new Set(idsOf(pageOne))
  const repeated = page.results.find(r => seen.has(r.id))
  if (repeated !== undefined) problems.push(problem('REPEATED_IDS', `el registro ${repeated.id} aparece en las páginas 1 y 2`))
  const expected = sample.records.slice(PAGE_SIZE, 2 * PAGE_SIZE).map(r => r.id)
  if (sample.records.length >= 2 * PAGE_SIZE && JSON.stringify(idsOf(page)) !== JSON.stringify(expected)) problems.push(problem('PAGE_ORDER', 'la página 2 no sigue el mismo orden que la consulta con pageSize 200'))
  return problems
}

/**
 * Pagination at its edges, against the unsorted query's sample: page 2, the same page asked again,
 * pageSize 1, the last page of pageSize 10 and the page after it.
 */
export async function paginationChecks (searcher: Searcher, sample: Sample, pageOne: PageView | undefined): Promise<Check[]> {
  const lastPage = Math.max(1, Math.ceil(sample.totalRows / PAGE_SIZE))
  const at = (page: number, pageSize = PAGE_SIZE): Requested => ({ page, pageSize })
  const checks = await Promise.all([
    search(searcher, 'página 2', at(2), at(2), page => pageTwoProblems(page, sample, pageOne)),
    search(searcher, 'orden estable', at(1), at(1), page => stableProblems(pageOne, page)),
    search(searcher, 'pageSize 1', at(1, 1), at(1, 1), page => sameTotal(page, sample)),
    search(searcher, 'última página', at(lastPage), at(lastPage), page => sameTotal(page, sample)),
    search(searcher, 'página después del final', at(lastPage + 1), at(lastPage + 1), page => pastEndProblems(page, sample))
  ])
  return checks.map(c => c.check)
}

export const PAGINATION_CHECKS = ['página 2', 'orden estable', 'pageSize 1', 'última página', 'página después del final']

export function totalsCheck (plain: PageView | undefined, full: PageView | undefined): Check {
  if (plain === undefined || full === undefined) return check('totales consistentes', [problem('NOT_RUN', 'no se ejecutó: faltan respuestas sin filtros')])
  return check('totales consistentes', plain.totalRows === full.totalRows ? [] : [problem('TOTALS', `totalRows es ${plain.totalRows} con pageSize 10 y ${full.totalRows} con pageSize 200`)])
}
