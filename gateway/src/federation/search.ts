import { DeadlineExceededError, UpstreamUnavailableError } from '@see/kit'
import type { SearchRound, SystemFederation } from './context.js'
import { Deadline } from './deadline.js'
import { normalizeSearch, type SearchBody } from './normalize.js'
import { scopeById, scopeByInstitution } from './scope.js'
import { allTimedOut, leftOut, type FailedEnte } from './outcomes.js'
import { markInvalidRecords } from './invalid-marks.js'
import { sortedPage } from './sorted.js'
import type { RecordLine } from '../upstream/lines.js'
import { unsortedPage } from './unsorted.js'

/** Records of one federated page, each as its JSON text with its federated id, in the page's order. */
export interface FederatedLines {
  totalRows: number
  lines: RecordLine[]
  failed: FailedEnte[]
  /** Entes whose records in the page had private fields the service removed (public answers only). */
  privateRemoved: string[]
}

export interface Pagination { page: number, pageSize: number, totalRows: number, hasNextPage: boolean }

/** A federated answer in the standard's envelope: `{pagination, results}`. */
export interface SearchAnswer {
  pagination: Pagination
  results: Array<Record<string, unknown>>
}

export interface FederatedPage {
  /** The answer as JSON text's bytes: the records' lines spliced into the envelope, never decoded nor parsed on the way. */
  json: Buffer
  /** How many records the answer holds. */
  count: number
  /** The answer read back, for callers in this process that look inside it (tests, the sandbox, private-field removal). */
  readonly body: SearchAnswer
  /** Entes left out of this answer: the route names them in `x-see-incomplete`. */
  failed: FailedEnte[]
  /** Entes whose records had private fields removed: the route names them in `x-see-private-removed`. */
  privateRemoved: string[]
}

/** Who asks, as the federation needs to know. */
export interface Caller {
  /** The calling client (its token's `client_id`), for its share of the read-ahead and merge budgets. */
  client?: string
  /** Whether the answer goes to a client without the system's privileged scope (its records then come without private fields). */
  publicOnly?: boolean
}

/** Every ente failed: a 504 when all ran out of time, a 502 otherwise. */
export function throwWhenAllFailed (entes: number, named: FailedEnte[]): void {
  const failed = leftOut(named)
  if (entes === 0 || failed.length !== entes) return
  const detail = failed.map(f => `${f.ente}: ${f.code}`).join(', ')
  if (allTimedOut(failed)) throw new DeadlineExceededError(`Ningún ente respondió a tiempo (${detail}).`)
  throw new UpstreamUnavailableError(`Ningún ente pudo responder (${detail}).`)
}

const COMMA = Buffer.from(',')
const END = Buffer.from(']}')

function pageOf (pagination: Pagination, { lines, failed, privateRemoved }: FederatedLines): FederatedPage {
  const parts: Buffer[] = [Buffer.from(`{"pagination":${JSON.stringify(pagination)},"results":[`)]
  lines.forEach((line, i) => {
    if (i > 0) parts.push(COMMA)
    parts.push(line)
  })
  parts.push(END)
  const json = Buffer.concat(parts)
  return { json, failed, privateRemoved, count: lines.length, get body () { return JSON.parse(json.toString('utf8')) as SearchAnswer } }
}

/** Answers a PDN query for one system as one provider over every ente in production. */
export async function federateSearch (deps: SystemFederation, body: SearchBody, requestId: string, { client, publicOnly = false }: Caller = {}): Promise<FederatedPage> {
  const { system } = deps
  const byId = scopeById(deps.directory.list(system.id), normalizeSearch(system, body))
  const request = byId.request
  const entes = await scopeByInstitution(system, byId.entes, request, deps.cache)
  const keys = await deps.cache.enteKeys(system.id, 'count', entes.map(e => e.clave), request.query)
  const countKeys = new Map(entes.map((e, i) => [e.clave, keys[i]!]))
  const round: SearchRound = { system, entes, request, service: deps.service, cache: deps.cache, prefixes: deps.prefixes, admission: deps.admission, ...(client !== undefined && { client }), countKeys, settings: deps.settings, deadline: new Deadline(deps.settings.deadlineMs), requestId, publicOnly: publicOnly && system.privateFields.length > 0 }
  const page = Object.keys(request.sort).length > 0 ? await sortedPage(round) : await unsortedPage(round)
  throwWhenAllFailed(entes.length, page.failed)
  // Remembered for the summary, which cannot see invalid records itself; a lost mark costs only the flag.
  await markInvalidRecords(deps.cache, system.id, page.failed).catch(() => {})
  const pagination = { page: request.page, pageSize: request.pageSize, totalRows: page.totalRows, hasNextPage: request.page * request.pageSize < page.totalRows }
  return pageOf(pagination, page)
}
