import { profiles } from '@see/systems'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { DependenciasBatchResponse, EnteSearchRequest, SearchBatchResponse } from '@see/openapi/types'
import type { EnteDirectory } from '@see/registry'
import { buildSystemService, type SystemServiceOptions } from '../../src/app.js'
import type { EntesStatusResponse } from '@see/openapi/types'
import type { EnteStatus } from '../../src/index.js'

export interface LogLine {
  level: number
  msg: string
  ente?: string
  code?: string
  [key: string]: unknown
}

export interface TestApp {
  app: FastifyInstance
  /** Every log line at the chosen level (warn unless told) or above, parsed. */
  logs: LogLine[]
  /** All log output as text, to prove no secret reached it. */
  rawLogs: () => string
}

export async function testApp (directory: EnteDirectory, options: Partial<SystemServiceOptions> = {}, logLevel = 'warn'): Promise<TestApp> {
  const logs: LogLine[] = []
  let raw = ''
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      raw += chunk.toString()
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine)
      done()
    }
  })
  // Load shedding is not under test here, and on a busy CI machine it would shed test requests.
  // The service alone, without the gateway in front: no service token is asked for.
  const app = await buildSystemService({ system: profiles.s2, directory, logger: { level: logLevel, stream }, maxEventLoopDelay: 0, serviceKeys: false, ...options })
  return { app, logs, rawLogs: () => raw }
}

export const PAGE_ONE: EnteSearchRequest = { page: 1, pageSize: 10 }

export async function batch (app: FastifyInstance, requests: Array<{ ente: string, request?: EnteSearchRequest, countOnly?: boolean }>, options: { timeoutMs?: number, requestId?: string } = {}): Promise<SearchBatchResponse> {
  const response = await app.inject({
    method: 'POST',
    url: '/internal/v1/s2/batch',
    headers: options.requestId === undefined ? {} : { 'x-request-id': options.requestId },
    payload: { timeoutMs: options.timeoutMs ?? 5000, requests: requests.map(r => ({ ente: r.ente, request: r.request ?? PAGE_ONE, ...(r.countOnly !== undefined && { countOnly: r.countOnly }) })) }
  })
  if (response.statusCode !== 200) throw new Error(`batch answered ${response.statusCode}: ${response.body}`)
  return response.json<SearchBatchResponse>()
}

export async function dependencias (app: FastifyInstance, entes: string[], timeoutMs = 5000): Promise<DependenciasBatchResponse> {
  const response = await app.inject({ method: 'POST', url: '/internal/v1/s2/dependencias', payload: { timeoutMs, entes } })
  if (response.statusCode !== 200) throw new Error(`dependencias answered ${response.statusCode}: ${response.body}`)
  return response.json<DependenciasBatchResponse>()
}

export async function entesStatus (app: FastifyInstance): Promise<EntesStatusResponse> {
  const response = await app.inject({ method: 'GET', url: '/internal/v1/s2/entes/status' })
  if (response.statusCode !== 200) throw new Error(`status answered ${response.statusCode}: ${response.body}`)
  return response.json<EntesStatusResponse>()
}

/** One ente's line of the status route. */
export async function statusOf (app: FastifyInstance, ente: string): Promise<EnteStatus> {
  const line = (await entesStatus(app)).entes.find(e => e.ente === ente)
  if (line === undefined) throw new Error(`no status for ${ente}`)
  return line
}
