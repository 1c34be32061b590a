import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerResponse } from 'node:http'
import type { Ente } from '@see/openapi/types'
import { directoryFromEntes } from '@see/registry'
import { batch, statusOf, testApp, type TestApp } from '../support/app.js'
import { PASSWORD_AUTH, pageOf, sendJson, startStubEnte, validRecord, type StubEnte } from '../support/stub-ente.js'

// The bulkhead: an ente gets at most maxConnections + queue calls in flight; beyond that a call
// is answered ENTE_OVERLOADED at once, and other entes are not affected.

let slow: StubEnte
let healthy: StubEnte
let test: TestApp
const held: ServerResponse[] = []

function ente (clave: string, baseUrl: string, maxConnections: number): Ente {
  return { clave, nombre: clave, systems: { s2: { protocol: 'sesna-v1', baseUrl, auth: PASSWORD_AUTH, maxConnections } } }
}

function release (): void {
  for (const res of held.splice(0)) sendJson(res, 200, pageOf([validRecord('1')]))
}

beforeAll(async () => {
  slow = await startStubEnte()
  healthy = await startStubEnte()
  // The slow ente answers only when the test says so.
  slow.handle('data', (_c, res) => { held.push(res) })
  const directory = directoryFromEntes([ente('SLOW', slow.url, 1), ente('OK', healthy.url, 4)])
  test = await testApp(directory, { resilience: { enteMaxQueue: 2 } })
})
afterAll(async () => {
  await test.app.close()
  await Promise.all([slow.close(), healthy.close()])
})

async function until (condition: () => Promise<boolean>): Promise<void> {
  while (!await condition()) await new Promise(resolve => setTimeout(resolve, 10))
}

describe('bulkhead per ente', () => {
  it('admits maxConnections + queue calls and answers the rest ENTE_OVERLOADED while other entes answer', async () => {
    const running = batch(test.app, [{ ente: 'SLOW' }, { ente: 'SLOW' }, { ente: 'SLOW' }, { ente: 'SLOW' }, { ente: 'OK' }, { ente: 'SLOW' }])
    // One call on the single socket; once the stub holds it, the state is stable.
    await until(async () => held.length === 1)
    expect(await statusOf(test.app, 'SLOW')).toMatchObject({ inFlight: 3, maxInFlight: 3 })
    // Answering one at a time lets the two queued calls through the single socket.
    while (slow.calls.data.length < 3 || held.length > 0) {
      release()
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    const { outcomes } = await running
    expect(outcomes.map(o => o.ok ? 'ok' : o.error?.code)).toEqual(['ok', 'ok', 'ok', 'ENTE_OVERLOADED', 'ok', 'ENTE_OVERLOADED'])
    expect(slow.calls.data).toHaveLength(3)
    expect(healthy.calls.data).toHaveLength(1)
    // Our own load is not the ente's failure.
    expect(await statusOf(test.app, 'SLOW')).toMatchObject({ state: 'closed', failures: 0, overloadRejections: 2, inFlight: 0 })
    expect(test.logs.filter(l => l.ente === 'SLOW' && l.code === 'ENTE_OVERLOADED')).toHaveLength(2)
  })

  it('takes 4 × maxConnections as the queue when none is configured', async () => {
    const own = await testApp(directoryFromEntes([ente('OK', healthy.url, 3)]))
    expect(await statusOf(own.app, 'OK')).toMatchObject({ maxInFlight: 15 })
    await own.app.close()
  })
})
