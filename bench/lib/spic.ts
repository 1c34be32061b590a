import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import type { SpicRequest } from '@see/openapi/types'
import type { EnteInfo } from './host/protocol.js'
import { passwordGrant } from '@see/demo'
import { measure, type Load } from './measure.js'

export interface SpicLoadOptions {
  /** Base URL of the gateway or of one simulated ente. */
  baseUrl: string
  token: string
  body: SpicRequest
  connections: number
  durationSeconds: number
  onResponse?: Load['onResponse']
}

/** A load of S2 searches (`POST /v1/spic`) with a bearer token: the PDN's data call. */
export function spicLoad (options: SpicLoadOptions): Load {
  return {
    url: `${options.baseUrl}/v1/spic`,
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

/**
 * A few sequential searches before measuring, so tokens, keep-alive sockets, counts (when they
 * are cached) and the JIT are in place. A 503 (the gateway shedding load left over from the last
 * measurement) is retried after a pause; anything else but 200 fails loudly. Returns the headers
 * of the last answer.
 */
export async function warmUp (baseUrl: string, token: string, body: SpicRequest, times = 10): Promise<Record<string, string | string[] | undefined>> {
  let headers: Record<string, string | string[] | undefined> = {}
  let retries = 0
  for (let i = 0; i < times; i++) {
    const response = await request(`${baseUrl}/v1/spic`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })
    const text = await response.body.text()
    if (response.statusCode === 503 && retries < OVERLOADED_RETRIES) {
      retries++
      i--
      await sleep(1000)
      continue
    }
    if (response.statusCode !== 200) throw new WarmUpError(`warm-up ${baseUrl}/v1/spic answered ${response.statusCode}: ${text.slice(0, 200)}`)
    headers = response.headers
  }
  return headers
}

/** One second of the load itself, unmeasured, so the first measured seconds are not the JIT's. */
export async function warmUpLoad (load: Load): Promise<void> {
  await measure({ ...load, durationSeconds: 1 })
}

/** A token of one simulated ente, asked for as the PDN does (password grant, Basic + body). */
export async function enteToken (provider: EnteInfo): Promise<string> {
  return await passwordGrant(provider.tokenUrl, provider.credentials)
}
