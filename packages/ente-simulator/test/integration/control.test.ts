import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { systemById } from '@see/systems'
import { defaultFleet, SIMULATED_SYSTEMS, startSimulator, type ProviderView, type SimulatedProvider, type Simulator } from '../../src/index.js'
import { getDependencias, postSpic, token } from './client.js'

let simulator: Simulator
let tuxtla: SimulatedProvider

beforeAll(async () => {
  simulator = await startSimulator({ providers: defaultFleet(4, { size: 15 }) })
  tuxtla = simulator.provider('TUXTLA')
})
beforeEach(async () => {
  await fetch(`${simulator.controlUrl}/counters/reset`, { method: 'POST' })
})
afterAll(async () => { await simulator.close() })

async function put (clave: string, body: unknown): Promise<Response> {
  return await fetch(`${simulator.controlUrl}/providers/${clave}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

describe('control server', () => {
  it('lists every provider with url, fault, latency and counters', async () => {
    const response = await fetch(`${simulator.controlUrl}/providers`)
    expect(response.status).toBe(200)
    const views = await response.json() as ProviderView[]
    expect(views.map(v => v.clave)).toEqual(['SHCH', 'SSA', 'CONGRESO', 'TUXTLA'])
    expect(views[3]).toEqual({
      clave: 'TUXTLA',
      nombre: 'Ayuntamiento de Tuxtla Gutiérrez',
      siglas: 'TUXTLA',
      url: tuxtla.url,
      tokenUrl: tuxtla.tokenUrl,
      protocol: 'sesna-v1',
      records: 15,
      systems: SIMULATED_SYSTEMS.map(system => ({
        system,
        searchUrl: `${tuxtla.url}${systemById(system).paths.search}`,
        ...(systemById(system).paths.dependencias !== undefined && { dependenciasUrl: `${tuxtla.url}${systemById(system).paths.dependencias}` }),
        records: 15,
        counters: { data: 0, dependencias: 0 }
      })),
      fault: 'none',
      latencyMs: 0,
      jitterMs: 0,
      counters: { token: 0, data: 0, dependencias: 0 }
    })
  })

  it('switches a fault at run time and back', async () => {
    const bearer = await token(tuxtla)
    const changed = await put('TUXTLA', { fault: 'error-500' })
    expect(changed.status).toBe(200)
    expect(await changed.json()).toMatchObject({ fault: 'error-500' })
    expect(tuxtla.fault).toBe('error-500')
    expect((await postSpic(tuxtla, {}, bearer)).status).toBe(500)
    await put('TUXTLA', { fault: 'none' })
    expect((await postSpic(tuxtla, {}, bearer)).status).toBe(200)
  })

  it('takes a provider down and brings it back on the same url', async () => {
    expect((await put('TUXTLA', { fault: 'down' })).status).toBe(200)
    await expect(fetch(tuxtla.tokenUrl, { method: 'POST' })).rejects.toThrow()
    expect((await put('TUXTLA', { fault: 'none' })).status).toBe(200)
    expect((await postSpic(tuxtla, {})).status).toBe(200)
  })

  it('changes latency and jitter', async () => {
    const response = await put('SSA', { latencyMs: 25, jitterMs: 5 })
    expect(await response.json()).toMatchObject({ latencyMs: 25, jitterMs: 5 })
    const ssa = simulator.provider('SSA')
    expect([ssa.latencyMs, ssa.jitterMs]).toEqual([25, 5])
    expect((await postSpic(ssa, {})).status).toBe(200)
    ssa.setLatency(0)
    expect([ssa.latencyMs, ssa.jitterMs]).toEqual([0, 0])
  })

  it('answers 404 for an unknown clave and 422 for an unknown fault or field', async () => {
    expect((await put('NADIE', { fault: 'none' })).status).toBe(404)
    expect((await put('TUXTLA', { fault: 'explota' })).status).toBe(422)
    expect((await put('TUXTLA', { latencyMs: -1 })).status).toBe(422)
    expect((await put('TUXTLA', { otra: 1 })).status).toBe(422)
  })

  it('expires the tokens of a provider', async () => {
    const bearer = await token(tuxtla)
    await fetch(`${simulator.controlUrl}/providers/TUXTLA/tokens/expire`, { method: 'POST' })
    expect((await postSpic(tuxtla, {}, bearer)).status).toBe(401)
  })
})

describe('counters', () => {
  it('count token, data and dependencias requests per provider, including rejected ones', async () => {
    const bearer = await token(tuxtla)
    await postSpic(tuxtla, {}, bearer)
    await postSpic(tuxtla, { page: 0 }, bearer)
    await postSpic(tuxtla, {}, 'mal')
    await getDependencias(tuxtla, bearer)
    expect(tuxtla.counters).toEqual({ token: 1, data: 3, dependencias: 1 })
    expect(simulator.provider('SHCH').counters).toEqual({ token: 0, data: 0, dependencias: 0 })
    const view = await (await fetch(`${simulator.controlUrl}/providers/TUXTLA`)).json() as ProviderView
    expect(view.counters).toEqual({ token: 1, data: 3, dependencias: 1 })
  })

  it('reset programmatically and over HTTP', async () => {
    await token(tuxtla)
    tuxtla.resetCounters()
    expect(tuxtla.counters).toEqual({ token: 0, data: 0, dependencias: 0 })
    await token(tuxtla)
    const reset = await fetch(`${simulator.controlUrl}/providers/TUXTLA/counters/reset`, { method: 'POST' })
    expect(await reset.json()).toMatchObject({ counters: { token: 0, data: 0, dependencias: 0 } })
  })

  it('never echoes an ente\'s secrets in any answer', async () => {
    const secrets = simulator.providers.flatMap(p => [p.credentials.clientSecret, p.credentials.password, p.staticToken])
    const answers = [
      await fetch(`${simulator.controlUrl}/providers`),
      await fetch(`${simulator.controlUrl}/providers/TUXTLA`),
      await put('TUXTLA', { fault: 'hang' }),
      await put('TUXTLA', { fault: 'none' }),
      await fetch(`${simulator.controlUrl}/providers/TUXTLA/tokens/expire`, { method: 'POST' }),
      await fetch(`${simulator.controlUrl}/counters/reset`, { method: 'POST' })
    ]
    for (const answer of answers) {
      expect(answer.status).toBe(200)
      const text = await answer.text()
      for (const secret of secrets) expect(text).not.toContain(secret)
      expect(text).not.toMatch(/"(credentials|password|clientSecret|staticToken)"/)
    }
  })

  it('puts a fault on a Directus (v2) ente too, and takes it off', async () => {
    // The fleet makes it speak directus-v2 for the systems SESNA's Directus tools capture.
    const directus = await startSimulator({ providers: defaultFleet(1, { size: 5, directusEntes: 1 }) })
    try {
      const [ente] = directus.providers
      const items = async (): Promise<number> => (await fetch(`${ente!.url}/items/servidores_publicos`, { headers: { authorization: `Bearer ${ente!.staticToken}` } })).status
      const change = async (fault: string): Promise<Response> => await fetch(`${directus.controlUrl}/providers/${ente!.clave}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault }) })
      expect(await (await change('error-500')).json()).toMatchObject({ protocol: 'directus-v2', fault: 'error-500' })
      expect(await items()).toBe(500)
      await change('none')
      expect(await items()).not.toBe(500)
    } finally {
      await directus.close()
    }
  })
})
