import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import type { SearchBody } from './bodies.js'

export interface SequentialOptions {
  /** The search URL (`searchUrl`). */
  url: string
  token: string
  body: SearchBody
  /** Successful answers to collect. */
  count: number
  /** Pause before asking again after a 503 (the gateway shedding load). */
  pauseAfter503Ms?: number
  /** Gives up after this many 503s in all. */
  max503?: number
}

export interface SequentialResult {
  /** Latency of each 200 answer, in ms, in the order received. */
  latencies: number[]
  /** Answers per status, 200 included. */
  statuses: Map<number, number>
}

/**
 * One query at a time, as a lone client would send it: the latency of each successful answer,
 * and how often the gateway shed the query (503) before it got through. Unlike autocannon this
 * does not hammer a shedding gateway with instant 503s, so the latencies are of real answers.
 */
export async function sequentialQueries (options: SequentialOptions): Promise<SequentialResult> {
  const result: SequentialResult = { latencies: [], statuses: new Map() }
  let shed = 0
  while (result.latencies.length < options.count && shed <= (options.max503 ?? 30)) {
    const started = performance.now()
    const response = await request(options.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(options.body)
    })
    await response.body.dump()
    const elapsed = performance.now() - started
    result.statuses.set(response.statusCode, (result.statuses.get(response.statusCode) ?? 0) + 1)
    if (response.statusCode === 200) result.latencies.push(elapsed)
    else if (response.statusCode === 503) {
      shed++
      await sleep(options.pauseAfter503Ms ?? 1000)
    }
  }
  return result
}

/** The value below which `share` of the sorted values fall (nearest rank). */
export function quantile (values: number[], share: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!
}

export function formatSequential (label: string, result: SequentialResult, extra = ''): string {
  const ms = (value: number): string => `${String(Math.round(value)).padStart(5)} ms`
  const statuses = [...result.statuses].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status}×${n}`).join(' ')
  return `${label.padEnd(58)} one at a time  p50 ${ms(quantile(result.latencies, 0.5))}  max ${ms(Math.max(...result.latencies))}  ${statuses}${extra ? `  ${extra}` : ''}`
}
