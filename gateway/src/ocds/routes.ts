import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { SystemFederation } from '../federation/context.js'
import type { FailedEnte } from '../federation/outcomes.js'
import { federateSearch, type Caller } from '../federation/search.js'
import { compareRecords, type AnyRecord } from '@see/systems'
import { OcidAmbiguousError, OcidNotFoundError, OcidOutsidePrefixError, OcidTooBroadError } from '../errors.js'
import { markIncomplete } from '../routes/systems/search.js'
import { recordPackage, releasePackage, type OcdsPublication, type Release } from './publication.js'

// GET routes of OCDS publishing under an OCDS system's search path (S6: /contrataciones-abiertas):
// `…/entregas` pages every release in date order as release packages linked by `links.next`;
// `…/entregas/{ocid}` and `…/registros/{ocid}` give one process' release package and record
// package. They read the same federation as the search: the entes are asked live.

/** Paths of OCDS publishing under a system's search path. */
export function ocdsPaths (search: string): { releases: string, releasesOf: string, recordOf: string } {
  return { releases: `${search}/entregas`, releasesOf: `${search}/entregas/{ocid}`, recordOf: `${search}/registros/{ocid}` }
}

/** Query parameters arrive as text (their patterns admit only the integers allowed). */
interface ReleasesQuery { page?: string, pageSize?: string, since?: string, until?: string }
interface OcidParams { ocid: string }

const PAGE_BY_OCID = 200
/** Releases of one process read at most (a process has a handful; this bounds a hostile ocid filter). */
const MAX_RELEASES_PER_OCID = 2_000

/** The absolute URL of this request (its path and query), under the gateway's public URL. */
function selfUrl (publicUrl: string, request: FastifyRequest, query?: Record<string, string | number | undefined>): string {
  const url = new URL(request.url, publicUrl)
  if (query !== undefined) {
    url.search = ''
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value))
  }
  return url.toString()
}

const ocdsRoutes: FastifyPluginAsync<{ federation: SystemFederation, publication: OcdsPublication, publicUrl: string }> = async (app, { federation, publication, publicUrl }) => {
  const { system } = federation
  const paths = ocdsPaths(system.paths.search)
  const error = ref(PUBLIC_SCHEMA_ID, 'Error')
  const errors = { 400: error, 401: error, 403: error, 404: error, 409: error, 422: error, 503: error }
  const onRequest = app.oauth.requireScope(system.scope)
  const config = app.dataRouteLimit === undefined ? {} : { rateLimit: app.dataRouteLimit }
  const params = { type: 'object', required: ['ocid'], additionalProperties: false, properties: { ocid: ref(PUBLIC_SCHEMA_ID, 'Ocid') } }

  /**
   * Every release of one process. The ocid filter is a substring, so the search is sorted by ocid:
   * the exact ones are contiguous, and the first ocid past this one ends the read. A read that ends
   * at the bound without passing it is refused, never answered short; a process is one ente's, so
   * an ocid more than one ente publishes is refused too.
   */
  /** OCDS publishes public data: every caller is answered as a public client. */
  const callerOf = (request: FastifyRequest): Caller => ({ ...(request.accessToken !== undefined && { client: request.accessToken.client_id }), publicOnly: true })

  async function releasesOf (ocid: string, request: FastifyRequest): Promise<{ releases: Release[], failed: FailedEnte[] }> {
    if (publication.ocidPrefix !== undefined && !ocid.startsWith(`${publication.ocidPrefix}-`)) throw new OcidOutsidePrefixError(ocid, publication.ocidPrefix)
    const sort = { ocid: 'asc' as const }
    const target = { ocid } as unknown as AnyRecord
    const releases: Release[] = []
    const failed: FailedEnte[] = []
    let passed = false
    for (let page = 1; !passed; page++) {
      if (page * PAGE_BY_OCID > MAX_RELEASES_PER_OCID + PAGE_BY_OCID) throw new OcidTooBroadError(ocid)
      const answer = await federateSearch(federation, { page, pageSize: PAGE_BY_OCID, query: { ocid }, sort }, request.id, callerOf(request))
      failed.push(...answer.failed)
      const results = answer.body.results as Release[]
      releases.push(...results.filter(release => release.ocid === ocid))
      passed = !answer.body.pagination.hasNextPage || results.some(release => compareRecords(system, sort, release as unknown as AnyRecord, target) > 0)
    }
    if (releases.length === 0) throw new OcidNotFoundError(ocid)
    const entes = [...new Set(releases.map(release => release.id.split(':')[0]!))]
    if (entes.length > 1) throw new OcidAmbiguousError(ocid, entes.join(', '))
    return { releases, failed }
  }

  app.get<{ Querystring: ReleasesQuery }>(paths.releases, {
    onRequest,
    config,
    schema: { querystring: ref(PUBLIC_SCHEMA_ID, 'OcdsEntregasConsulta'), response: errors }
  }, async (request, reply) => {
    const { since, until } = request.query
    const page = Number(request.query.page ?? 1)
    const pageSize = Number(request.query.pageSize ?? 100)
    const answer = await federateSearch(federation, { page, pageSize, query: { since, until }, sort: { date: 'asc' } }, request.id, callerOf(request))
    markIncomplete(reply, answer.failed)
    const { pagination, results } = answer.body
    const link = (to: number): string => selfUrl(publicUrl, request, { page: to, pageSize, since, until })
    const links = { ...(pagination.hasNextPage && { next: link(page + 1) }), ...(page > 1 && { prev: link(page - 1) }) }
    return releasePackage(publication, selfUrl(publicUrl, request), results as Release[], links)
  })

  app.get<{ Params: OcidParams }>(paths.releasesOf.replace('{ocid}', ':ocid'), { onRequest, config, schema: { params, response: errors } }, async (request, reply) => {
    const { releases, failed } = await releasesOf(request.params.ocid, request)
    markIncomplete(reply, failed)
    return releasePackage(publication, selfUrl(publicUrl, request), releases)
  })

  app.get<{ Params: OcidParams }>(paths.recordOf.replace('{ocid}', ':ocid'), { onRequest, config, schema: { params, response: errors } }, async (request, reply) => {
    const { ocid } = request.params
    const { releases, failed } = await releasesOf(ocid, request)
    markIncomplete(reply, failed)
    const releasesUri = new URL(paths.releasesOf.replace('{ocid}', encodeURIComponent(ocid)), publicUrl).toString()
    return recordPackage(publication, selfUrl(publicUrl, request), releasesUri, releases)
  })
}

export default ocdsRoutes
