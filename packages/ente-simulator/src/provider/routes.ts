import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import type { Dependencia, SpicRecord, SpicResponse } from '@see/openapi/types'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import { searchSpic, type SpicSearch } from '../query.js'
import { rejectUnauthorized } from './auth.js'
import { answerEarlyFault, sendAnswer, type FaultSettings, type HugeBodyShape } from './faults.js'
import type { ProviderState, RouteKind } from './state.js'
import type { TokenStore } from './tokens.js'

export interface ProviderContext {
  state: ProviderState
  tokens: TokenStore
  settings: FaultSettings
  records: readonly SpicRecord[]
  dependencias: readonly Dependencia[]
}

/** Counts, waits the latency, then lets a fault or a missing/bad token answer before the route does. */
export function gate (context: ProviderContext, kind: RouteKind, options: { huge?: () => HugeBodyShape, allowQueryToken?: boolean } = {}): onRequestHookHandler {
  return async (request, reply) => {
    context.state.count(kind)
    await context.state.delay()
    if (kind === 'token') return
    if (options.huge !== undefined && answerEarlyFault(reply, context.state.fault, context.settings, options.huge)) return reply
    if (rejectUnauthorized(request, reply, context.tokens, options.allowQueryToken === true)) return reply
  }
}

const PLACEHOLDER_RECORD = '{"id":"0","nombres":"Relleno","primerApellido":"Relleno","fechaCaptura":"2024-01-01T00:00:00Z","tipoProcedimiento":[{"clave":1,"valor":"CONTRATACIONES PÚBLICAS"}],"institucionDependencia":{"nombre":"Relleno"},"puesto":{"nombre":"Relleno"}}'

function hugeSpic (context: ProviderContext): HugeBodyShape {
  const sample = context.records[0]
  return {
    head: '{"pagination":{"pageSize":200,"page":1,"totalRows":1000000,"hasNextPage":true},"results":[',
    item: sample === undefined ? PLACEHOLDER_RECORD : JSON.stringify(sample),
    tail: ']}'
  }
}

function hugeDependencias (context: ProviderContext): HugeBodyShape {
  return { head: '[', item: JSON.stringify(context.dependencias[0] ?? { nombre: 'Relleno' }), tail: ']' }
}

/** `wrong-shape` for a search: `totalRows` as text, and records without required fields and with wrong types. */
function wrongShapeSpic (answer: SpicResponse): unknown {
  return {
    pagination: { ...answer.pagination, totalRows: String(answer.pagination.totalRows) },
    results: answer.results.map(record => ({
      id: Number.parseInt(record.id, 10) || record.id,
      nombres: record.nombres,
      institucionDependencia: record.institucionDependencia.nombre
    }))
  }
}

/** `wrong-shape` for the institutions: an object around the list instead of the bare array. */
function wrongShapeDependencias (dependencias: readonly Dependencia[]): unknown {
  return { dependencias }
}

export function registerDataRoutes (app: FastifyInstance, context: ProviderContext): void {
  app.post('/v1/spic', {
    schema: { body: ref(PUBLIC_SCHEMA_ID, 'SpicRequest') },
    onRequest: gate(context, 'data', { huge: () => hugeSpic(context) })
  }, async (request, reply) => {
    const answer = searchSpic(context.records, (request.body ?? {}) as SpicSearch)
    return sendAnswer(reply, context.state.fault, context.settings, answer, wrongShapeSpic)
  })

  app.get('/v1/spic/dependencias', {
    onRequest: gate(context, 'dependencias', { huge: () => hugeDependencias(context), allowQueryToken: true })
  }, async (_request, reply) => {
    return sendAnswer(reply, context.state.fault, context.settings, context.dependencias, wrongShapeDependencias)
  })
}
