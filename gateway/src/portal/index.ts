import etag from '@fastify/etag'
import rateLimit from '@fastify/rate-limit'
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import { SYSTEMS, type SystemProfile } from '@see/systems'
import { coverageSource, type CoveredEnte } from './coverage.js'
import { enteStatus } from './ente-status.js'
import { collectExport, recordsCsv } from './export.js'
import { PortalInputError, searchForm, searchOfUrl, urlOfSearch, type SearchForm, type UrlQuery } from './form.js'
import { portalClient, type FederationAnswer, type PortalSearch } from './public-client.js'
import { detailPage, messagePage } from './views/detail.js'
import { homePage } from './views/home.js'
import { STYLESHEET_PATH } from './views/layout.js'
import { searchPage } from './views/search.js'
import { PORTAL_CSS } from './views/styles.js'
import { searchPath } from './urls.js'
import operatorConsole from './console/index.js'
import entePages from './entes/index.js'

export interface PortalOptions {
  /** Page views a minute per client address (default 120); beyond it 429 with Retry-After. */
  requestsPerMinute?: number
}

/**
 * The pages' policy: nothing but this origin's stylesheet and images; no script at all (the pages
 * work without JavaScript), forms post only here, never framed.
 */
const PORTAL_CSP: Record<string, string[]> = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'style-src': ["'self'"]
}

/** Anonymous pages: shared caches may keep a complete answer as long as the federation's page cache does. */
const CACHE_COMPLETE = 'public, max-age=30'
const CACHE_HOME = 'public, max-age=60'
/** A partial answer or an error is not kept: the next view should ask again. */
const CACHE_NONE = 'no-store'

function sendHtml (reply: FastifyReply, status: number, cacheControl: string, body: string): FastifyReply {
  return reply.code(status).header('cache-control', cacheControl).type('text/html; charset=utf-8').send(body)
}

/** Errors of the portal's own routes, as pages (the API's `{code, message}` stays the API's). */
function pageErrors (app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof PortalInputError) return sendHtml(reply, 400, CACHE_NONE, messagePage('Búsqueda no válida', error.message))
    const status = error.statusCode ?? 500
    if (status === 429) return sendHtml(reply, 429, CACHE_NONE, messagePage('Demasiadas consultas', error.message))
    request.log.error({ err: error }, 'portal page failed')
    return sendHtml(reply, 500, CACHE_NONE, messagePage('Error del portal', 'La página no pudo generarse. Intente de nuevo en unos momentos.'))
  })
}

interface SystemPages {
  system: SystemProfile
  form: SearchForm
  base: string
}

/**
 * The public portal: server-rendered Spanish pages over the federation, generated from the
 * systems' profiles (a federated system gets its search page by being configured). It calls the
 * federation as a public client (public-client.ts), so visitors see public fields only.
 */
const portal: FastifyPluginAsync<PortalOptions> = async (app, options) => {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, helmet: { contentSecurityPolicy: { useDefaults: false, directives: PORTAL_CSP } } } as typeof route.config
  })
  await app.register(etag)
  await app.register(rateLimit, {
    global: true,
    max: options.requestsPerMinute ?? 120,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => Object.assign(new Error(`Se alcanzó el límite de consultas por minuto desde su dirección. Intente de nuevo en ${Math.max(1, Math.ceil(context.ttl / 1000))} segundos.`), { statusCode: 429 })
  })
  pageErrors(app)

  const federated = [...app.federations.values()].map(f => f.system)
  const ask = portalClient(app, federated)
  const coverage = coverageSource(app)
  const entesOf = async (system: SystemProfile): Promise<CoveredEnte[]> => (await coverage()).get(system.id) ?? []

  app.get('/', async (_request, reply) => {
    const body = homePage({ systems: SYSTEMS, searchable: new Set(federated.map(s => s.id)), coverage: await coverage(), searchPath })
    return sendHtml(reply, 200, CACHE_HOME, body)
  })

  app.get(STYLESHEET_PATH, async (_request, reply) => await reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(PORTAL_CSS))

  for (const system of federated) {
    registerSystemPages(app, { system, form: searchForm(system), base: searchPath(system) }, ask, entesOf)
  }
  // The operators' console and the ente pages act on the Sistema Registral: only where the gateway has one.
  if (app.hasDecorator('registry')) {
    await app.register(operatorConsole)
    await app.register(entePages)
  }
}

type Ask = ReturnType<typeof portalClient>

function registerSystemPages (app: FastifyInstance, pages: SystemPages, ask: Ask, entesOf: (system: SystemProfile) => Promise<CoveredEnte[]>): void {
  const { system, form, base } = pages
  const idFilter = Object.entries(system.filters).find(([, spec]) => spec.kind === 'id')?.[0]

  app.get<{ Querystring: UrlQuery }>(base, async (request, reply) => {
    const search = searchOfUrl(system, form, request.query)
    const [answer, entes] = await Promise.all([ask(system, search, request.id), entesOf(system)])
    const status = enteStatus(entes, answer.ok ? answer.failed : [])
    const body = searchPage({ system, form, search, answer, status, basePath: base, entesByClave: new Map(entes.map(e => [e.clave, e.nombre])) })
    const complete = answer.ok && answer.failed.length === 0
    // A page the entes could not complete now (503, 429) may be asked again when the API says.
    if (!answer.ok && answer.retryAfter !== undefined) reply.header('retry-after', answer.retryAfter)
    return sendHtml(reply, answer.ok ? 200 : answer.status, complete ? CACHE_COMPLETE : CACHE_NONE, body)
  })

  if (idFilter !== undefined) {
    app.get<{ Params: { id: string }, Querystring: UrlQuery }>(`${base}/registro/:id`, async (request, reply) => {
      const search = searchOfUrl(system, form, request.query)
      const params = urlOfSearch(form, search).toString()
      const back = params === '' ? base : `${base}?${params}`
      const answer = await ask(system, { page: 1, pageSize: 1, query: { [idFilter]: request.params.id } }, request.id)
      if (!answer.ok) return sendHtml(reply, answer.status, CACHE_NONE, messagePage('No se pudo consultar el registro', answer.message, back))
      const record = answer.results[0]
      if (record === undefined) return sendHtml(reply, 404, CACHE_NONE, messagePage('Registro no encontrado', 'Ningún ente conectado publica un registro con ese identificador.', back))
      const clave = String(record.id ?? '').split(':')[0] ?? ''
      const enteName = (await entesOf(system)).find(e => e.clave === clave)?.nombre ?? clave
      return sendHtml(reply, 200, CACHE_COMPLETE, detailPage({ system, record, enteName, backHref: back }))
    })
  }

  const exported = async (query: UrlQuery, requestId: string): Promise<Awaited<ReturnType<typeof collectExport>>> => {
    const search = searchOfUrl(system, form, query)
    return await collectExport(search, async (page: PortalSearch): Promise<FederationAnswer> => await ask(system, page, requestId))
  }
  const filename = `see-chiapas-${system.pdnId.toLowerCase()}`

  app.get<{ Querystring: UrlQuery }>(`${base}/exportar.csv`, async (request, reply) => {
    const result = await exported(request.query, request.id)
    if (!('records' in result)) return sendHtml(reply, result.status, CACHE_NONE, messagePage('No se pudo exportar', result.message, base))
    return await reply
      .header('cache-control', result.failed.length === 0 ? CACHE_COMPLETE : CACHE_NONE)
      .header('content-disposition', `attachment; filename="${filename}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(recordsCsv(result.records))
  })

  app.get<{ Querystring: UrlQuery }>(`${base}/exportar.json`, async (request, reply) => {
    const result = await exported(request.query, request.id)
    if (!('records' in result)) return sendHtml(reply, result.status, CACHE_NONE, messagePage('No se pudo exportar', result.message, base))
    const search = searchOfUrl(system, form, request.query)
    return await reply
      .header('cache-control', result.failed.length === 0 ? CACHE_COMPLETE : CACHE_NONE)
      .header('content-disposition', `attachment; filename="${filename}.json"`)
      .type('application/json; charset=utf-8')
      .send({
        sistema: system.pdnId,
        consulta: { query: search.query, ...(search.sort && { sort: search.sort }) },
        totalRows: result.totalRows,
        exportados: result.records.length,
        truncado: result.truncated,
        entesOmitidos: result.failed,
        results: result.records
      })
  })
}

export default portal
