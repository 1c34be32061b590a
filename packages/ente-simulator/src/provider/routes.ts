import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import type { Dependencia } from '@see/openapi/types'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import { filtersOfKind, removePrivateFields, textAt, type AnyRecord, type SystemId, type SystemProfile } from '@see/systems'
import { type SystemAnswer, type SystemSearch } from '../query.js'
import type { SimulatedSystem } from '../systems.js'
import { rejectUnauthorized } from './auth.js'
import { errorBodyDefect, searchWithDefect, tokenDelay } from './defects.js'
import { answerEarlyFault, sendAnswer, type FaultSettings, type HugeBodyShape } from './faults.js'
import type { ProviderState, RouteKind } from './state.js'
import type { TokenStore } from './tokens.js'

/** One system's data on a provider, and the routes that serve it. */
export interface SystemData {
  system: SimulatedSystem
  records: readonly AnyRecord[]
  dependencias: readonly Dependencia[]
  /** What a `huge-body` answer repeats when the ente has no records of the system. */
  placeholder: AnyRecord
}

export interface ProviderContext {
  state: ProviderState
  tokens: TokenStore
  settings: FaultSettings
  systems: ReadonlyMap<SystemId, SystemData>
  /** A misbehaving ente: private fields go to callers who did not name themselves with `rfcSolicitante`. */
  leaksPrivateFields: boolean
}

interface GateOptions {
  huge?: () => HugeBodyShape
  allowQueryToken?: boolean
  system?: SystemId
}

/** Counts, waits the latency, then lets a fault or a missing/bad token answer before the route does. */
export function gate (context: ProviderContext, kind: RouteKind, options: GateOptions = {}): onRequestHookHandler {
  return async (request, reply) => {
    context.state.count(kind, options.system)
    await context.state.delay()
    if (kind === 'token') return await tokenDelay(context.state.defect)
    if (options.huge !== undefined && answerEarlyFault(reply, context.state.fault, context.settings, options.huge)) return reply
    if (context.state.defect === 'no-auth') return
    if (rejectUnauthorized(request, reply, context.tokens, options.allowQueryToken === true)) return reply
  }
}

function hugeSearch (data: SystemData): HugeBodyShape {
  return {
    head: '{"pagination":{"pageSize":200,"page":1,"totalRows":1000000,"hasNextPage":true},"results":[',
    item: JSON.stringify(data.records[0] ?? data.placeholder),
    tail: ']}'
  }
}

function hugeDependencias (data: SystemData): HugeBodyShape {
  return { head: '[', item: JSON.stringify(data.dependencias[0] ?? { nombre: 'Relleno' }), tail: ']' }
}

/**
 * `wrong-shape` for a search: `totalRows` as text, and records that keep only a numeric `id`, the
 * first text filter's value under its query name and the institution as a bare name: required
 * fields go missing, and what is left has the wrong types or the wrong place.
 */
function wrongShapeSearch (profile: SystemProfile, answer: SystemAnswer<AnyRecord>): unknown {
  const fields = [...new Set([filtersOfKind(profile, 'text')[0], profile.institutionFilter])]
    .flatMap(field => {
      const spec = field === undefined ? undefined : profile.filters[field]
      return field !== undefined && spec !== undefined && 'path' in spec ? [[field, spec.path] as const] : []
    })
  return {
    pagination: { ...answer.pagination, totalRows: String(answer.pagination.totalRows) },
    results: answer.results.map(record => ({
      id: Number.parseInt(String(record.id), 10) || record.id,
      ...Object.fromEntries(fields.map(([field, path]) => [field, textAt(record, path)]))
    }))
  }
}

/** `wrong-shape` for the institutions: an object around the list instead of the bare array. */
function wrongShapeDependencias (dependencias: readonly Dependencia[]): unknown {
  return { dependencias }
}

function publicAnswer (profile: SystemProfile, answer: SystemAnswer<AnyRecord>, leaks: boolean): SystemAnswer<AnyRecord> {
  if (leaks || profile.privateFields.length === 0) return answer
  const results = answer.results.map(record => {
    const copy = structuredClone(record)
    removePrivateFields(copy, profile.privateFields)
    return copy
  })
  return { ...answer, results }
}

function registerSystemRoutes (app: FastifyInstance, context: ProviderContext, data: SystemData): void {
  const { profile, searchPath, dependenciasPath, requestSchema } = data.system
  app.post(searchPath, {
    schema: { body: ref(PUBLIC_SCHEMA_ID, requestSchema) },
    onRequest: gate(context, 'data', { huge: () => hugeSearch(data), system: profile.id }),
    onSend: errorBodyDefect(() => context.state.defect)
  }, async (request, reply) => {
    const search = (request.body ?? {}) as SystemSearch & { rfcSolicitante?: string }
    const found = searchWithDefect(profile, data.records, search, context.state.defect)
    const requester = profile.requester === 'body' ? search.rfcSolicitante : search.query?.rfcSolicitante
    // As the standard says: without rfcSolicitante, public fields only (unless the ente misbehaves).
    const answer = requester === undefined || requester === '' ? publicAnswer(profile, found, context.leaksPrivateFields) : found
    return sendAnswer(reply, context.state.fault, context.settings, answer, result => wrongShapeSearch(profile, result))
  })

  if (dependenciasPath === undefined) return
  app.get(dependenciasPath, {
    onRequest: gate(context, 'dependencias', { huge: () => hugeDependencias(data), allowQueryToken: true, system: profile.id })
  }, async (_request, reply) => {
    return sendAnswer(reply, context.state.fault, context.settings, data.dependencias, wrongShapeDependencias)
  })
}

/** The search and `dependencias` routes of every system the provider serves, at the standard's paths. */
export function registerDataRoutes (app: FastifyInstance, context: ProviderContext): void {
  for (const data of context.systems.values()) registerSystemRoutes(app, context, data)
}
