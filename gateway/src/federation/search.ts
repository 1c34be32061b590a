import { DeadlineExceededError, UpstreamUnavailableError } from '@see/kit'
import { federatedId } from '@see/sesna'
import type { SearchRound, SystemFederation } from './context.js'
import { Deadline } from './deadline.js'
import { normalizeSearch, type SearchBody } from './normalize.js'
import { scopeById, scopeByInstitution } from './scope.js'
import { allTimedOut, leftOut, type FailedEnte } from './outcomes.js'
import { markInvalidRecords } from './invalid-marks.js'
import { sortedPage } from './sorted.js'
import { unsortedPage } from './unsorted.js'

type RawRecord = Record<string, unknown>

/** Records of one federated page, each with the ente it came from, before ids are published. */
export interface FederatedRecords {
  totalRows: number
  records: Array<{ ente: string, record: RawRecord }>
  failed: FailedEnte[]
}

/** A federated answer in the standard's envelope: `{pagination, results}`. */
export interface SearchAnswer {
  pagination: { page: number, pageSize: number, totalRows: number, hasNextPage: boolean }
  results: RawRecord[]
}

export interface FederatedPage {
  body: SearchAnswer
  /** Entes left out of this answer: the route names them in `x-see-incomplete`. */
  failed: FailedEnte[]
}

/** Every ente failed: a 504 when all ran out of time, a 502 otherwise. */
export function throwWhenAllFailed (entes: number, named: FailedEnte[]): void {
  const failed = leftOut(named)
  if (entes === 0 || failed.length !== entes) return
  const detail = failed.map(f => `${f.ente}: ${f.code}`).join(', ')
  if (allTimedOut(failed)) throw new DeadlineExceededError(`Ningún ente respondió a tiempo (${detail}).`)
  throw new UpstreamUnavailableError(`Ningún ente pudo responder (${detail}).`)
}

/** Answers a PDN query for one system as one provider over every ente in production. */
export async function federateSearch (deps: SystemFederation, body: SearchBody, requestId: string, client?: string): Promise<FederatedPage> {
  const { system } = deps
  const byId = scopeById(deps.directory.list(system.id), normalizeSearch(system, body))
  const request = byId.request
  const entes = await scopeByInstitution(system, byId.entes, request, deps.cache)
  const keys = await deps.cache.enteKeys(system.id, 'count', entes.map(e => e.clave), request.query)
  const countKeys = new Map(entes.map((e, i) => [e.clave, keys[i]!]))
  const round: SearchRound = { system, entes, request, service: deps.service, cache: deps.cache, prefixes: deps.prefixes, admission: deps.admission, ...(client !== undefined && { client }), countKeys, settings: deps.settings, deadline: new Deadline(deps.settings.deadlineMs), requestId }
  const page = Object.keys(request.sort).length > 0 ? await sortedPage(round) : await unsortedPage(round)
  throwWhenAllFailed(entes.length, page.failed)
  // Remembered for the summary, which cannot see invalid records itself; a lost mark costs only the flag.
  await markInvalidRecords(deps.cache, system.id, page.failed).catch(() => {})
  return {
    body: {
      pagination: {
        page: request.page,
        pageSize: request.pageSize,
        totalRows: page.totalRows,
        hasNextPage: request.page * request.pageSize < page.totalRows
      },
      results: page.records.map(({ ente, record }) => ({ ...record, id: federatedId(ente, String(record.id)) }))
    },
    failed: page.failed
  }
}
