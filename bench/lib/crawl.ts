import { request } from 'undici'

// Crawls, as the PDN pages through whole queries: each crawler asks for one page after the other,
// and the figure is records received per second across all crawlers.

/** One page a crawler asks for, and how many records its answer holds. */
export interface CrawlStep {
  url: string
  headers: Record<string, string>
  body: string
  records: number
}

export interface CrawlFigures {
  recordsPerSecond: number
  /** Records received in complete pages. */
  records: number
  pages: number
  /** Answers other than a complete 200 (their records are not counted): errors, short pages, pages naming an ente left out. */
  failures: number
  /** The failures by kind: `503`, `short`, `incomplete`… */
  failedAs: Record<string, number>
  p50: number
}

/**
 * `crawlers` clients, each walking `steps` in order from its own starting point (spread evenly, so
 * concurrent crawlers are not in lockstep on the same page), for `durationSeconds`.
 */
export async function crawl (steps: CrawlStep[], crawlers: number, durationSeconds: number): Promise<CrawlFigures> {
  const until = performance.now() + durationSeconds * 1000
  let records = 0
  let pages = 0
  let failures = 0
  const failedAs: Record<string, number> = {}
  const latencies: number[] = []
  const started = performance.now()
  await Promise.all(Array.from({ length: crawlers }, async (_, i) => {
    let next = Math.floor(i * steps.length / crawlers)
    while (performance.now() < until) {
      const step = steps[next]!
      next = (next + 1) % steps.length
      const sent = performance.now()
      const response = await request(step.url, { method: 'POST', headers: { 'content-type': 'application/json', ...step.headers }, body: step.body })
      const text = await response.body.text()
      latencies.push(performance.now() - sent)
      pages++
      // The records actually received, and only a page as long as it should be: a short or empty
      // page (an ente left out of the counts on a loaded machine) is a failure, not a fast page.
      const received = response.statusCode === 200 ? (JSON.parse(text) as { results?: unknown[] }).results?.length ?? 0 : 0
      const incomplete = response.headers['x-see-incomplete'] !== undefined
      if (received === step.records && !incomplete) {
        records += received
        continue
      }
      failures++
      const kind = response.statusCode !== 200 ? String(response.statusCode) : incomplete ? 'incomplete' : 'short'
      failedAs[kind] = (failedAs[kind] ?? 0) + 1
    }
  }))
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return { recordsPerSecond: Math.round(records / elapsed), records, pages, failures, failedAs, p50: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0) }
}

/** The pages of a federated query of `total` records, pageSize `pageSize`, in order. */
export function federatedSteps (url: string, token: string, total: number, pageSize: number, extra: Record<string, unknown> = {}): CrawlStep[] {
  const pages = Math.ceil(total / pageSize)
  return Array.from({ length: pages }, (_, i) => ({
    url,
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ page: i + 1, pageSize, ...extra }),
    records: Math.min(pageSize, total - i * pageSize)
  }))
}

/** The baseline's crawl: one provider after the other, each provider's own pages in order. */
export function providerSteps (url: string, totals: Array<{ supplier: string, total: number }>, pageSize: number): CrawlStep[] {
  return totals.flatMap(({ supplier, total }) => Array.from({ length: Math.ceil(total / pageSize) }, (_, i) => ({
    url,
    headers: {},
    body: JSON.stringify({ supplier_id: supplier, page: i + 1, pageSize }),
    records: Math.min(pageSize, total - i * pageSize)
  })))
}
