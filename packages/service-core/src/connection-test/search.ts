import type { Query, Sort, SystemProfile } from '@see/systems'
import { check, type Check } from './check.js'
import type { Exchange } from './exchange.js'
import { readPage, type PageView, type Requested } from './page.js'
import type { Problem } from './problems.js'

/** A search body as the standard has it (`rfcSolicitante` never sent by a test). */
export interface SearchBody {
  page?: number
  pageSize?: number
  sort?: Sort
  query?: Query
}

/** Sends a search; the runner times every call. */
export type Ask = (body: SearchBody) => Promise<Exchange>

export interface Searcher {
  system: SystemProfile
  ask: Ask
  /** How a search is sent, for the report. */
  label: string
}

/** A search plus the checks of its page (and `more` of them); the page when it was readable. */
export async function search (searcher: Searcher, name: string, requested: Requested, body: SearchBody, more: (page: PageView) => Problem[] = () => []): Promise<{ check: Check, page?: PageView }> {
  const answer = await searcher.ask(body)
  const details = { latencyMs: answer.latencyMs, request: body, sent: searcher.label, answer }
  if (!answer.ok && answer.notApplicable === true) return { check: check(name, [], { ...details, note: `no aplica: ${answer.error}` }) }
  const { problems, page } = readPage(searcher.system, answer, requested)
  if (page !== undefined) problems.push(...more(page))
  return { check: check(name, problems, { ...details, ...(page && { note: `totalRows ${page.totalRows}` }) }), ...(page && { page }) }
}
