import autocannon from 'autocannon'

export interface Load {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: unknown
  connections: number
  durationSeconds: number
}

export interface Figures {
  requestsPerSecond: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  timeouts: number
}

/** Runs autocannon against one URL on loopback and keeps the figures we report. */
export async function measure (load: Load): Promise<Figures> {
  const result = await autocannon({
    url: load.url,
    method: load.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    ...(load.body !== undefined && { body: JSON.stringify(load.body) }),
    connections: load.connections,
    duration: load.durationSeconds,
    timeout: 10
  })
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts
  }
}

export function formatRow (label: string, figures: Figures, extra = ''): string {
  return `${label.padEnd(58)} ${String(figures.requestsPerSecond).padStart(7)} req/s  p50 ${String(figures.p50).padStart(5)} ms  p99 ${String(figures.p99).padStart(5)} ms  non2xx ${figures.non2xx}${figures.errors + figures.timeouts > 0 ? `  errors ${figures.errors} timeouts ${figures.timeouts}` : ''}${extra ? `  ${extra}` : ''}`
}
