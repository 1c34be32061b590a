import autocannon from 'autocannon'
import type { EventEmitter } from 'node:events'

export interface Load {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** Sent as it is when a string (set `content-type` in `headers` then), as JSON otherwise. */
  body?: unknown
  connections: number
  durationSeconds: number
  /** Stops after this many requests instead of after `durationSeconds` (e.g. to stay within a rate limit). */
  amount?: number
  /** Called with every answer's status and raw headers (`[name, value, name, value, …]`, names as sent). */
  onResponse?: (status: number, rawHeaders: readonly string[]) => void
}

export interface Figures {
  requestsPerSecond: number
  p50: number
  p99: number
  max: number
  /** Answers received. */
  requests: number
  /** Requests sent, including those still unanswered when the load stopped. */
  sent: number
  non2xx: number
  /** Answers per HTTP status. */
  statuses: Record<string, number>
  errors: number
  timeouts: number
}

function encodeBody (body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body)
}

/** What autocannon's HTTP parser reports when a response's headers are complete. */
interface ParsedHeaders {
  statusCode: number
  headers: string[]
}

/** Runs autocannon against one URL on loopback and keeps the figures we report. */
export async function measure (load: Load): Promise<Figures> {
  const onResponse = load.onResponse
  const result = await autocannon({
    url: load.url,
    method: load.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    ...(load.body !== undefined && { body: encodeBody(load.body) }),
    // Listening to the parser's headers event costs the load generator almost nothing; a request
    // `onResponse` would make it buffer every body and build a header object, on the cores it shares.
    ...(onResponse && { setupClient: (client: EventEmitter) => client.on('headers', (parsed: ParsedHeaders) => onResponse(parsed.statusCode, parsed.headers)) }),
    connections: load.connections,
    ...(load.amount === undefined ? { duration: load.durationSeconds } : { amount: load.amount }),
    timeout: 10
  })
  return {
    requestsPerSecond: load.amount === undefined ? Math.round(result.requests.average) : Math.round(result.requests.total / (result.duration || 1)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    sent: result.requests.sent,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count ?? 0])),
    errors: result.errors,
    timeouts: result.timeouts
  }
}

/** `non2xx 12 (503×10 504×2)`: which statuses, when any answer was not a success. */
function formatNon2xx (figures: Figures): string {
  if (figures.non2xx === 0) return 'non2xx 0'
  const failures = Object.entries(figures.statuses).filter(([status]) => !status.startsWith('2')).map(([status, n]) => `${status}×${n}`)
  return `non2xx ${figures.non2xx} (${failures.join(' ')})`
}

export function formatRow (label: string, figures: Figures, extra = ''): string {
  if (figures.requests === 0) return `${label.padEnd(58)} no answer within the measurement (${figures.sent} requests sent, ${figures.errors} errors, ${figures.timeouts} timeouts)${extra ? `  ${extra}` : ''}`
  return `${label.padEnd(58)} ${String(figures.requestsPerSecond).padStart(7)} req/s  p50 ${String(figures.p50).padStart(5)} ms  p99 ${String(figures.p99).padStart(5)} ms  ${formatNon2xx(figures)}${figures.errors + figures.timeouts > 0 ? `  errors ${figures.errors} timeouts ${figures.timeouts}` : ''}${extra ? `  ${extra}` : ''}`
}
