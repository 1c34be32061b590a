import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import type { AnyRecord, SystemProfile } from '@see/systems'
import type { EnteInfo } from './host/protocol.js'
import { passwordGrant } from '@see/demo'
import type { SearchBody } from './bodies.js'
import { measure, type Load } from './measure.js'

/** Where a system's searches go on the gateway or on one simulated ente (`baseUrl` + the profile's search path). */
export function searchUrl (baseUrl: string, system: SystemProfile): string {
  const path = system.paths.search
  if (path === undefined) throw new RangeError(`system ${system.id} has no search path`)
  return `${baseUrl}${path}`
}

export interface SearchLoadOptions {
  /** The search URL on the gateway or on one simulated ente (`searchUrl`). */
  url: string
  token: string
  body: SearchBody
  connections: number
  durationSeconds: number
  onResponse?: Load['onResponse']
}

/** A load of searches of one system with a bearer token: the PDN's data call. */
export function searchLoad (options: SearchLoadOptions): Load {
  return {
    url: options.url,
    headers: { authorization: `Bearer ${options.token}` },
    body: options.body,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    ...(options.onResponse && { onResponse: options.onResponse })
  }
}

export class WarmUpError extends Error {
  readonly code = 'BENCH_WARM_UP_FAILED'
}

const OVERLOADED_RETRIES = 10

interface Answer {
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

/** One search; a 503 (the gateway shedding load) is retried after a pause, anything else but 200 fails loudly. */
async function searchOnce (url: string, token: string, body: SearchBody): Promise<Answer> {
  for (let retries = 0; ; retries++) {
    const response = await request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })
    const text = await response.body.text()
    if (response.statusCode === 503 && retries < OVERLOADED_RETRIES) {
      await sleep(1000)
      continue
    }
    if (response.statusCode !== 200) throw new WarmUpError(`warm-up ${url} answered ${response.statusCode}: ${text.slice(0, 200)}`)
    return { headers: response.headers, body: JSON.parse(text) }
  }
}

/**
 * A few sequential searches before measuring, so tokens, keep-alive sockets, counts (when they
 * are cached) and the JIT are in place. A 503 (the gateway shedding load left over from the last
 * measurement) is retried after a pause; anything else but 200 fails loudly. Returns the headers
 * of the last answer.
 */
export async function warmUp (url: string, token: string, body: SearchBody, times = 10): Promise<Answer['headers']> {
  let headers: Answer['headers'] = {}
  for (let i = 0; i < times; i++) headers = (await searchOnce(url, token, body)).headers
  return headers
}

/** The first record a search answers (the standard's `results`), or undefined when it answers none. */
export async function firstResult (url: string, token: string, body: SearchBody): Promise<AnyRecord | undefined> {
  const { body: answer } = await searchOnce(url, token, body)
  const results = (answer as { results?: unknown }).results
  return Array.isArray(results) && typeof results[0] === 'object' && results[0] !== null ? results[0] as AnyRecord : undefined
}

/** One second of the load itself, unmeasured, so the first measured seconds are not the JIT's. */
export async function warmUpLoad (load: Load): Promise<void> {
  await measure({ ...load, durationSeconds: 1 })
}

/** A token of one simulated ente, asked for as the PDN does (password grant, Basic + body). */
export async function enteToken (provider: EnteInfo): Promise<string> {
  return await passwordGrant(provider.tokenUrl, provider.credentials)
}
