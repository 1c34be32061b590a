import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { testApp, type TestApp } from '../support/app.js'
import { directoryOf, startStubEnte, type StubEnte } from '../support/stub-ente.js'
import type { ServerResponse } from 'node:http'

// A batch the gateway gave up on (it hung up) ends its ente calls: an abandoned round never keeps
// the entes busy until its own deadline.

let hanging: StubEnte
let test: TestApp
let baseUrl: string
let received: (res: ServerResponse) => void
const call = new Promise<ServerResponse>(resolve => { received = resolve })

beforeAll(async () => {
  hanging = await startStubEnte()
  hanging.handle('data', (_call, res) => { received(res) })
  test = await testApp(directoryOf([['HANG', hanging.url]], { connectMs: 1000, headersMs: 60_000, bodyMs: 60_000 }))
  await test.app.listen({ host: '127.0.0.1', port: 0 })
  baseUrl = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await test.app.close()
  await hanging.close()
})

describe('batch cancellation', () => {
  it('ends the ente calls of a batch whose caller hung up', async () => {
    const caller = new AbortController()
    const answer = request(`${baseUrl}/internal/v1/s2/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeoutMs: 60_000, requests: [{ ente: 'HANG', request: { page: 1, pageSize: 10 } }] }),
      signal: caller.signal
    })
    answer.catch(() => {})
    const enteCall = await call
    const closed = once(enteCall, 'close')
    caller.abort()
    // Without cancellation the ente's connection would stay open for the batch's 60 s.
    await closed
    expect(enteCall.writableFinished).toBe(false)
  })
})
