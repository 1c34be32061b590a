import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { interceptors, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertSafeUrl, guardedAgent, type Resolver, type UrlPolicy } from '../../src/index.js'

// A plain HTTP server on 127.0.0.1 stands in for an ente; /redirect answers 302 to an internal address.
let server: Server
let port: number
const calls: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    calls.push(req.url ?? '')
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.2:${port}/internal` }).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
})

const strict: UrlPolicy = { allowHttp: false, allowedHosts: [] }
const demo: UrlPolicy = { allowHttp: true, allowedHosts: ['127.0.0.1'] }

async function outcome (url: string, policy: UrlPolicy, resolve?: Resolver): Promise<string | number> {
  const dispatcher = guardedAgent(policy, resolve === undefined ? {} : { resolve })
  try {
    const response = await request(url, { dispatcher })
    await response.body.dump()
    return response.statusCode
  } catch (err) {
    return (err as { code?: string }).code ?? (err as Error).message
  } finally {
    await dispatcher.close()
  }
}

describe('guarded connector', () => {
  it('refuses loopback by IP literal and by name without the allow-list', async () => {
    expect(await outcome(`http://127.0.0.1:${port}/`, { ...strict, allowHttp: true })).toBe('REGISTRY_UNSAFE_URL')
    expect(await outcome(`http://localhost:${port}/`, { ...strict, allowHttp: true })).toBe('REGISTRY_UNSAFE_URL')
    expect(await outcome(`http://[::ffff:127.0.0.1]:${port}/`, { ...strict, allowHttp: true })).toBe('REGISTRY_UNSAFE_URL')
  })

  it('refuses http unless the policy allows it', async () => {
    expect(await outcome(`http://127.0.0.1:${port}/`, { ...demo, allowHttp: false })).toBe('REGISTRY_UNSAFE_URL')
  })

  it('connects to an allow-listed address, by IP and by a name that resolves to it', async () => {
    expect(await outcome(`http://127.0.0.1:${port}/`, demo)).toBe(200)
    expect(await outcome(`http://localhost:${port}/`, demo)).toBe(200)
  })

  it('checks the address on every connection: a name that passed registration and then rebinds to loopback is refused', async () => {
    let answer = '200.57.1.10'
    const rebinding: Resolver = async () => [{ address: answer, family: 4 }]
    await assertSafeUrl(`http://ente-rebind.gob.mx:${port}/`, { ...strict, allowHttp: true }, rebinding)
    answer = '127.0.0.1'
    const before = calls.length
    expect(await outcome(`http://ente-rebind.gob.mx:${port}/`, { ...strict, allowHttp: true }, rebinding)).toBe('REGISTRY_UNSAFE_URL')
    expect(calls.length).toBe(before)
  })

  it('does not follow redirects, and a redirect followed on purpose still meets the guard', async () => {
    expect(await outcome(`http://127.0.0.1:${port}/redirect`, demo)).toBe(302)
    const dispatcher = guardedAgent(demo).compose(interceptors.redirect({ maxRedirections: 2 }))
    try {
      await expect(request(`http://127.0.0.1:${port}/redirect`, { dispatcher })).rejects.toMatchObject({ code: 'REGISTRY_UNSAFE_URL' })
    } finally {
      await dispatcher.close()
    }
    expect(calls).not.toContain('/internal')
  })
})
