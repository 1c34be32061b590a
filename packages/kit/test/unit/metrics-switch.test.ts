import { describe, expect, it } from 'vitest'
import { createServer } from '../../src/server.js'

// Metrics are on unless a server is built with `metrics: false` (only `pnpm bench` does, to measure
// what they cost): then its registry stays empty and no request is observed.

async function served (metrics: boolean | undefined): Promise<string> {
  const app = await createServer({ name: 'kit-test', logger: false, ...(metrics !== undefined && { metrics }) })
  app.get('/eco', async () => ({ ok: true }))
  try {
    expect((await app.inject({ method: 'GET', url: '/eco' })).statusCode).toBe(200)
    return await app.metrics.metrics()
  } finally {
    await app.close()
  }
}

describe('the metrics switch', () => {
  it('observes every request by default', async () => {
    expect(await served(undefined)).toMatch(/^http_request_duration_seconds_count\{[^}]*route="\/eco"[^}]*\} 1$/m)
  })

  it('observes nothing with metrics: false', async () => {
    expect((await served(false)).trim()).toBe('')
  })
})
