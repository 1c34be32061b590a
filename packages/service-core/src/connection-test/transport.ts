import type { EnteSearchRequest } from '@see/openapi/types'
import type { RegistryEntry } from '@see/registry'
import { directusMappingFor, type SystemProfile } from '@see/systems'
import type { CallContext, EnteClient, EnteDataRequest } from '../ente-client/client.js'
import { EnteCallError } from '../outcome-errors.js'
import { dependenciasDirectus, searchDirectus } from '../protocols/directus.js'
import { FeedCache, searchOcdsReleases } from '../protocols/ocds-releases.js'
import type { NormalizedPage } from '../normalize.js'
import { elapsedMs, exchange, failedExchange, type Exchange } from './exchange.js'

/** How a connection test reaches the ente: the standard's calls, as raw answers to check. */
export interface TestTransport {
  search: (body: object) => Promise<Exchange>
  /** How a search is sent, for the report (`POST /v1/spic`). */
  searchLabel: string
  /** Absent when the system has no catalogue. */
  dependencias?: () => Promise<Exchange>
  dependenciasLabel?: string
  /** A data call with exactly this token, or none. */
  searchAs: (token: string | undefined, body: object) => Promise<Exchange>
  /** How that call is sent, for the report. */
  searchAsLabel: string
  /** What a data call without a valid token must get: 401 (Directus answers 403 to its public role). */
  refusedStatuses: number[]
  /** Whether the ente itself validates request bodies (a v2 provider gets the SEE's own queries only). */
  checksBadBody: boolean
}

/** One call with exactly this token (or none), its answer as it came. */
async function sendAs (client: EnteClient, entry: RegistryEntry, request: EnteDataRequest, token: string | undefined, context: CallContext): Promise<Exchange> {
  const started = performance.now()
  try {
    const response = await client.sendAs(entry, request, token, context)
    return { ok: true, status: response.status, text: response.text, latencyMs: elapsedMs(started) }
  } catch (err) {
    return failedExchange(err, elapsedMs(started))
  }
}

/** sesna-v1: the standard's own POST and GET, the answers read exactly as the ente sent them. */
function sesnaV1 (system: SystemProfile, client: EnteClient, entry: RegistryEntry, context: () => CallContext): TestTransport {
  const searchPath = system.paths.search
  if (searchPath === undefined) throw new Error(`system ${system.id} has no search path`)
  const dependenciasPath = system.paths.dependencias
  return {
    search: async body => await exchange(client, entry, { method: 'POST', path: searchPath, body }, context()),
    searchLabel: `POST ${searchPath}`,
    ...(dependenciasPath !== undefined && {
      dependencias: async () => await exchange(client, entry, { method: 'GET', path: dependenciasPath }, context()),
      dependenciasLabel: `GET ${dependenciasPath}`
    }),
    searchAs: async (token, body) => await sendAs(client, entry, { method: 'POST', path: searchPath, body }, token, context()),
    searchAsLabel: `POST ${searchPath}`,
    refusedStatuses: [401],
    checksBadBody: true
  }
}

/** An answer the SEE made from the ente's data, in the v1 envelope, so the same checks read it. */
async function synthesized (work: () => Promise<unknown>): Promise<Exchange> {
  const started = performance.now()
  try {
    return { ok: true, status: 200, text: JSON.stringify(await work()), latencyMs: elapsedMs(started) }
  } catch (err) {
    // A filter the provider's generation cannot express exactly: the federation answers it without
    // this ente (named in x-see-incomplete), so it is a limit of the protocol, not a fault of the ente.
    const notApplicable = err instanceof EnteCallError && err.code === 'ENTE_FILTER_UNSUPPORTED'
    return { ...failedExchange(err, elapsedMs(started)), ...(notApplicable && { notApplicable }) } as Exchange
  }
}

type Call = Parameters<typeof searchDirectus>[0]

/** A v1 search the SEE answers through a protocol, in the v1 envelope the checks read. */
function synthesizedSearch (call: () => Call, search: (call: Call, request: EnteSearchRequest) => Promise<NormalizedPage>): TestTransport['search'] {
  return async body => await synthesized(async () => {
    const request = { page: 1, pageSize: 10, ...body } as EnteSearchRequest
    const page = await search(call(), request)
    // What was dropped stays visible to the checks: they count it against the ente.
    return { pagination: { page: request.page, pageSize: request.pageSize, totalRows: page.totalRows, hasNextPage: page.hasNextPage }, results: page.results, dropped: page.dropped }
  })
}

/**
 * ocds-releases: the ente's release packages read through the protocol the federation uses (every
 * page, the search answered over them), so the checks see exactly what the PDN would get.
 */
function ocdsReleases (system: SystemProfile, client: EnteClient, entry: RegistryEntry, context: () => CallContext): TestTransport {
  const call = (): Call => ({ system, client, entry, context: context() })
  // A feed cache of this test's own: the ente is read with the configuration under test, never
  // answered from what the federation read lately.
  const feeds = new FeedCache()
  return {
    search: synthesizedSearch(call, async (c, request) => await searchOcdsReleases(c, request, { feeds })),
    searchLabel: 'GET <paquetes de entregas> (ocds-releases, consultados por el SEE)',
    searchAs: async token => await sendAs(client, entry, { method: 'GET', path: '' }, token, context()),
    searchAsLabel: 'GET <primera página de entregas>',
    refusedStatuses: [401],
    checksBadBody: false
  }
}

/**
 * directus-v2: each v1 query goes through the protocol the federation uses (the v2 plan, the ente's
 * Directus, the mapping to v1), so the checks see exactly what the PDN would get.
 */
function directusV2 (system: SystemProfile, client: EnteClient, entry: RegistryEntry, context: () => CallContext): TestTransport {
  const call = (): Call => ({ system, client, entry, context: context() })
  const label = 'GET /items/<colección> (directus-v2, traducido al estándar por el SEE)'
  const itemsPath = `/items/${encodeURIComponent(directusMappingFor(system)?.collections[0]?.collection ?? '')}?limit=1`
  return {
    search: synthesizedSearch(call, searchDirectus),
    searchLabel: label,
    ...(system.paths.dependencias !== undefined && {
      dependencias: async () => await synthesized(async () => (await dependenciasDirectus(call())).dependencias),
      dependenciasLabel: label
    }),
    searchAs: async token => await sendAs(client, entry, { method: 'GET', path: itemsPath }, token, context()),
    searchAsLabel: `GET ${itemsPath}`,
    refusedStatuses: [401, 403],
    checksBadBody: false
  }
}

/** `context` gives each call its own (a deadline per call within the test's). */
export function testTransport (system: SystemProfile, client: EnteClient, entry: RegistryEntry, context: () => CallContext): TestTransport {
  switch (entry.connection.protocol) {
    case 'directus-v2': return directusV2(system, client, entry, context)
    case 'ocds-releases': return ocdsReleases(system, client, entry, context)
    case 'sesna-v1': return sesnaV1(system, client, entry, context)
  }
}
