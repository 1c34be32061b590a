import { connect } from 'node:net'
import { once } from 'node:events'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { officialS2, schemaErrors } from '../../../../test/support/official-specs.js'
import { startSimulator, type SimulatedProvider, type Simulator } from '../../src/index.js'
import { getDependencias, postSpic, requestToken, token } from './client.js'

const official = officialS2()
const HUGE_BYTES = 8 * 1024 * 1024
let simulator: Simulator
let provider: SimulatedProvider

beforeAll(async () => {
  simulator = await startSimulator({
    providers: [{
      clave: 'FGE',
      nombre: 'Fiscalía General del Estado de Chiapas',
      size: 40,
      slowBody: { chunkBytes: 256, intervalMs: 10 },
      hugeBodyBytes: HUGE_BYTES
    }]
  })
  provider = simulator.provider('FGE')
})
afterEach(async () => { await provider.setFault('none') })
afterAll(async () => { await simulator.close() })

/** Resolves with the socket error code of a fresh TCP connection, or 'connected'. */
async function tcpOutcome (port: number): Promise<string> {
  const socket = connect({ port, host: '127.0.0.1' })
  try {
    await once(socket, 'connect')
    return 'connected'
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'error'
  } finally {
    socket.destroy()
  }
}

async function readAll (response: Response): Promise<{ text: string, chunks: number }> {
  const reader = response.body!.getReader()
  const parts: Uint8Array[] = []
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value)
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length }
}

describe('faults observed from a client', () => {
  it('down: refuses connections, resets open ones, and comes back on the same port', async () => {
    const open = connect({ port: provider.port, host: '127.0.0.1' })
    await once(open, 'connect')
    const closed = once(open, 'close')
    await provider.setFault('down')
    await closed
    expect(await tcpOutcome(provider.port)).toBe('ECONNREFUSED')
    await expect(fetch(provider.tokenUrl, { method: 'POST' })).rejects.toThrow()
    await provider.setFault('none')
    expect(await tcpOutcome(provider.port)).toBe('connected')
    expect((await postSpic(provider, {})).status).toBe(200)
  })

  it('hang: accepts the data call and never answers, while tokens still work', async () => {
    await provider.setFault('hang')
    const bearer = await token(provider)
    const before = provider.counters.data
    await expect(postSpic(provider, {}, bearer, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/aborted|timeout/i)
    expect(provider.counters.data).toBe(before + 1)
  })

  it('slow-body: sends the headers, then the real answer a few bytes at a time', async () => {
    const bearer = await token(provider)
    const expected = await (await postSpic(provider, { pageSize: 20 }, bearer)).json()
    await provider.setFault('slow-body')
    const response = await postSpic(provider, { pageSize: 20 }, bearer)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBeNull()
    const { text, chunks } = await readAll(response)
    expect(chunks).toBeGreaterThan(1)
    expect(JSON.parse(text)).toEqual(expected)
  })

  it('error-500: answers 500 {code, message}', async () => {
    await provider.setFault('error-500')
    const response = await postSpic(provider, {})
    expect(response.status).toBe(500)
    expect(schemaErrors(official('resError'), await response.json())).toEqual([])
    expect((await getDependencias(provider)).status).toBe(500)
  })

  it('malformed-json: answers 200 application/json that does not parse', async () => {
    await provider.setFault('malformed-json')
    const response = await postSpic(provider, {})
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const text = await response.text()
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
  })

  it('wrong-shape: answers 200 JSON that breaks the standard', async () => {
    await provider.setFault('wrong-shape')
    const spic = await postSpic(provider, { pageSize: 3 })
    expect(spic.status).toBe(200)
    const body = await spic.json()
    expect(schemaErrors(official('resSpic'), body)).not.toEqual([])
    const dependencias = await getDependencias(provider)
    expect(dependencias.status).toBe(200)
    expect(schemaErrors(official('dependencias'), await dependencias.json())).not.toEqual([])
  })

  it('expired-token: the token endpoint works but every data call answers 401 expired', async () => {
    await provider.setFault('expired-token')
    expect((await requestToken(provider)).status).toBe(200)
    const response = await postSpic(provider, {})
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'SIM_TOKEN_EXPIRED' })
    expect((await getDependencias(provider)).status).toBe(401)
  })

  it('huge-body: answers 200 with a well-formed body of many megabytes', async () => {
    await provider.setFault('huge-body')
    const response = await postSpic(provider, {})
    expect(response.status).toBe(200)
    const { text } = await readAll(response)
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(HUGE_BYTES)
    const parsed = JSON.parse(text) as { results: unknown[] }
    expect(parsed.results.length).toBeGreaterThan(200)
  })

  it('starts a provider already down when asked to', async () => {
    const other = await startSimulator({ providers: [{ clave: 'TJA', nombre: 'Tribunal de Justicia Administrativa del Estado de Chiapas', size: 3, fault: 'down' }] })
    try {
      const down = other.provider('TJA')
      expect(await tcpOutcome(down.port)).toBe('ECONNREFUSED')
      await down.setFault('none')
      expect((await postSpic(down, {})).status).toBe(200)
    } finally {
      await other.close()
    }
  })
})
