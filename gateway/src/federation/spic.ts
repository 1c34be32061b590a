import { DeadlineExceededError, UpstreamUnavailableError } from '@see/kit'
import type { SpicRecord, SpicRequest, SpicResponse } from '@see/openapi/types'
import type { EnteDirectory } from '@see/registry'
import { federatedId } from '@see/sesna'
import type { FederationCache } from '../cache/index.js'
import type { SortedPrefixes } from './sorted-prefixes.js'
import type { S2Port } from '../upstream/s2-client.js'
import type { SpicFederationSettings, SpicRound } from './context.js'
import { Deadline } from './deadline.js'
import { normalizeSpicRequest } from './normalize.js'
import { scopeById, scopeByInstitution } from './scope.js'
import { allTimedOut, type FailedEnte } from './outcomes.js'
import { sortedPage } from './sorted.js'
import { unsortedPage } from './unsorted.js'

/** Records of one federated page, each with the ente it came from, before ids are published. */
export interface FederatedRecords {
  totalRows: number
  records: Array<{ ente: string, record: Record<string, unknown> }>
  failed: FailedEnte[]
}

export interface FederatedPage {
  body: SpicResponse
  /** Entes left out of this answer: the route names them in `x-see-incomplete`. */
  failed: FailedEnte[]
}

export interface SpicFederationDeps {
  directory: EnteDirectory
  s2: S2Port
  cache: FederationCache
  prefixes: SortedPrefixes
  settings: SpicFederationSettings
}

/** Answers a PDN S2 query as one provider over every ente in production. */
export async function federateSpic (deps: SpicFederationDeps, body: SpicRequest, requestId: string): Promise<FederatedPage> {
  const byId = scopeById(deps.directory.list('s2'), normalizeSpicRequest(body))
  const request = byId.request
  const entes = await scopeByInstitution(byId.entes, request, deps.cache)
  const keys = await deps.cache.enteKeys('s2', 'count', entes.map(e => e.clave), request.query)
  const countKeys = new Map(entes.map((e, i) => [e.clave, keys[i]!]))
  const round: SpicRound = { entes, request, s2: deps.s2, cache: deps.cache, prefixes: deps.prefixes, countKeys, settings: deps.settings, deadline: new Deadline(deps.settings.deadlineMs), requestId }
  const page = Object.keys(request.sort).length > 0 ? await sortedPage(round) : await unsortedPage(round)
  if (entes.length > 0 && page.failed.length === entes.length) {
    const detail = page.failed.map(f => `${f.ente}: ${f.code}`).join(', ')
    if (allTimedOut(page.failed)) throw new DeadlineExceededError(`Ningún ente respondió a tiempo (${detail}).`)
    throw new UpstreamUnavailableError(`Ningún ente pudo responder (${detail}).`)
  }
  return {
    body: {
      pagination: {
        page: request.page,
        pageSize: request.pageSize,
        totalRows: page.totalRows,
        hasNextPage: request.page * request.pageSize < page.totalRows
      },
      results: page.records.map(({ ente, record }) => ({ ...record, id: federatedId(ente, String(record.id)) }) as SpicRecord)
    },
    failed: page.failed
  }
}
