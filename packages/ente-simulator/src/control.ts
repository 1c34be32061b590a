import type { FastifyInstance } from 'fastify'
import { createServer, loggerOptions } from '@see/kit'
import { systemById, type SystemId } from '@see/systems'
import { DEFECTS, FAULTS, type Defect, type Fault, type ProviderProtocol, type ProviderCounters, type SimulatedProvider, type SystemCounters } from './types.js'

// The control server: a test or a person switches faults and latency of a running fleet over
// HTTP, and reads the request counters. Its answers never carry an ente's secrets (client secret,
// password, static token): whoever needs them holds the providers themselves.

/** One system a provider serves: where, how many records, how many requests. */
export interface SystemView {
  system: SystemId
  searchUrl: string
  /** Absent for systems with no catalogue of institutions (S1). */
  dependenciasUrl?: string
  records: number
  counters: SystemCounters
}

export interface ProviderView {
  clave: string
  nombre: string
  siglas: string
  url: string
  tokenUrl: string
  /** How the federation reaches it: `sesna-v1` (the standard's API) or `directus-v2` (SESNA's Directus, static token). */
  protocol: ProviderProtocol
  /** Number of S2 records (0 when it does not serve S2); `systems` counts every system's. */
  records: number
  systems: SystemView[]
  fault: Fault
  latencyMs: number
  jitterMs: number
  /** Requests of every system together. */
  counters: ProviderCounters
}

interface ProviderChange {
  fault?: Fault
  /** A semantic defect (provider/defects.ts), for trying a conformance test. */
  defect?: Defect
  latencyMs?: number
  jitterMs?: number
}

function systemView (provider: SimulatedProvider, system: SystemId): SystemView {
  const { paths } = systemById(system)
  return {
    system,
    searchUrl: `${provider.url}${paths.search ?? ''}`,
    ...(paths.dependencias !== undefined && { dependenciasUrl: `${provider.url}${paths.dependencias}` }),
    records: provider.recordsOf(system).length,
    counters: provider.countersOf(system)
  }
}

export function viewOf (provider: SimulatedProvider): ProviderView {
  return {
    clave: provider.clave,
    nombre: provider.nombre,
    siglas: provider.siglas,
    url: provider.url,
    tokenUrl: provider.tokenUrl,
    protocol: provider.protocol,
    records: provider.records.length,
    systems: provider.systems.map(system => systemView(provider, system)),
    fault: provider.fault,
    latencyMs: provider.latencyMs,
    jitterMs: provider.jitterMs,
    counters: provider.counters
  }
}

const claveParams = {
  type: 'object',
  required: ['clave'],
  properties: { clave: { type: 'string', maxLength: 40 } }
}

const changeBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fault: { type: 'string', enum: [...FAULTS] },
    defect: { type: 'string', enum: [...DEFECTS] },
    latencyMs: { type: 'number', minimum: 0, maximum: 600_000 },
    jitterMs: { type: 'number', minimum: 0, maximum: 600_000 }
  }
}

function unknownProvider (clave: string): { code: string, message: string } {
  return { code: 'SIM_UNKNOWN_PROVIDER', message: `No existe el proveedor simulado «${clave}».` }
}

export async function createControlServer (providers: readonly SimulatedProvider[], logLevel: string): Promise<FastifyInstance> {
  const byClave = new Map(providers.map(provider => [provider.clave, provider]))
  const app = await createServer({ name: 'ente-simulado-control', logger: loggerOptions('ente-simulado-control', logLevel), maxEventLoopDelay: 0 })

  app.get('/providers', async () => providers.map(viewOf))

  app.get<{ Params: { clave: string } }>('/providers/:clave', { schema: { params: claveParams } }, async (request, reply) => {
    const provider = byClave.get(request.params.clave)
    return provider === undefined ? reply.code(404).send(unknownProvider(request.params.clave)) : viewOf(provider)
  })

  app.put<{ Params: { clave: string }, Body: ProviderChange }>('/providers/:clave', { schema: { params: claveParams, body: changeBody } }, async (request, reply) => {
    const provider = byClave.get(request.params.clave)
    if (provider === undefined) return reply.code(404).send(unknownProvider(request.params.clave))
    const { fault, defect, latencyMs, jitterMs } = request.body
    if (defect !== undefined) provider.setDefect(defect)
    if (latencyMs !== undefined || jitterMs !== undefined) provider.setLatency(latencyMs ?? provider.latencyMs, jitterMs ?? provider.jitterMs)
    if (fault !== undefined) await provider.setFault(fault)
    return viewOf(provider)
  })

  app.post<{ Params: { clave: string } }>('/providers/:clave/counters/reset', { schema: { params: claveParams } }, async (request, reply) => {
    const provider = byClave.get(request.params.clave)
    if (provider === undefined) return reply.code(404).send(unknownProvider(request.params.clave))
    provider.resetCounters()
    return viewOf(provider)
  })

  app.post<{ Params: { clave: string } }>('/providers/:clave/tokens/expire', { schema: { params: claveParams } }, async (request, reply) => {
    const provider = byClave.get(request.params.clave)
    if (provider === undefined) return reply.code(404).send(unknownProvider(request.params.clave))
    provider.expireTokens()
    return viewOf(provider)
  })

  app.post('/counters/reset', async () => {
    for (const provider of providers) provider.resetCounters()
    return providers.map(viewOf)
  })

  return app
}
