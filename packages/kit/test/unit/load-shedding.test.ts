import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyServerOptions, LightMyRequestResponse } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { createServer } from '../../src/index.js'
import { loggerOptions } from '../../src/logger.js'

// Load shedding (@fastify/under-pressure through createServer) with the event loop really blocked:
// no clock is asserted, only what the answers and the log lines are.

function capture (): { stream: Writable, lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { chunks.push(String(chunk)); done() } })
  return { stream, lines: () => chunks.join('').split('\n').filter(line => line !== '').map(line => JSON.parse(line) as Record<string, unknown>) }
}

/** Blocks the event loop for longer than the shedder's sampling interval (1 s), as a CPU-bound stall would. */
function blockEventLoop (): void {
  const until = Date.now() + 1_200
  while (Date.now() < until) { /* busy: nothing else runs */ }
}

interface Shed { work: LightMyRequestResponse, live: LightMyRequestResponse, ready: LightMyRequestResponse }

/** Blocks the loop, lets the shedder take its sample, and asks a data route and both probes at once. */
async function underPressure (app: FastifyInstance): Promise<Shed> {
  // A busy machine may place the sample so that it does not see the stall: try a few times.
  for (let attempt = 1; ; attempt++) {
    blockEventLoop()
    await sleep(1)
    const [work, live, ready] = await Promise.all(['/work', '/health/live', '/health/ready'].map(async url => await app.inject({ url })))
    if (work!.statusCode === 503 || attempt === 5) return { work: work!, live: live!, ready: ready! }
  }
}

let app: FastifyInstance | undefined
afterEach(async () => { await app?.close(); app = undefined })

describe('load shedding when the event loop is blocked', () => {
  it('answers 503 {code, message} with Retry-After, never sheds the health probes, and logs the shed request as one warning without a stack', async () => {
    const { stream, lines } = capture()
    const logger = { ...(loggerOptions('test') as object), stream } as FastifyServerOptions['logger']
    app = await createServer({ name: 'test', logger, maxEventLoopDelay: 50 })
    app.get('/work', async () => ({ done: true }))
    await app.ready()
    expect((await app.inject({ url: '/work' })).statusCode).toBe(200)

    const { work, live, ready } = await underPressure(app)
    expect(work.statusCode).toBe(503)
    expect(work.json()).toEqual({ code: 'SEE_OVERLOADED', message: expect.stringMatching(/saturado/) })
    expect(Number(work.headers['retry-after'])).toBeGreaterThan(0)
    expect(live.statusCode).toBe(200)
    expect(ready.statusCode).toBe(200)

    const shed = lines().filter(line => line.code === 'SEE_OVERLOADED')
    expect(shed.length).toBeGreaterThan(0)
    for (const line of shed) {
      expect(line.level).toBe(40)
      expect(line).not.toHaveProperty('err')
      expect(JSON.stringify(line)).not.toMatch(/stack|\bat [\w.]+ \(/)
    }
    expect(lines().filter(line => (line.level as number) >= 50)).toEqual([])
  })
})

describe('readiness while draining', () => {
  it('fails readiness with 503 SEE_DRAINING once a shutdown began, while liveness and the routes still answer', async () => {
    app = await createServer({ name: 'test', logger: false, maxEventLoopDelay: 0 })
    app.get('/work', async () => ({ done: true }))
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200)
    app.draining = true
    const ready = await app.inject({ url: '/health/ready' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toMatchObject({ code: 'SEE_DRAINING', message: expect.any(String) })
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200)
    expect((await app.inject({ url: '/work' })).statusCode).toBe(200)
  })
})
