import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { profiles } from '@see/systems'
import { systemServiceClient } from '../../src/upstream/service-client.js'

let server: Server | undefined
afterEach(async () => await new Promise<void>(resolve => server ? server.close(() => resolve()) : resolve()))

async function serve (handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler)
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const requests = [{ ente: 'A', request: { page: 1, pageSize: 1 } }]

describe('systemServiceClient', () => {
  it('turns a service that sheds load into a 502 {code, message} a client can read', async () => {
    const client = systemServiceClient(profiles.s2, await serve((_req, res) => { res.writeHead(503).end('{"code":"SEE_OVERLOADED"}') }))
    await expect(client.batch(requests, { requestId: 'r', timeoutMs: 500 })).rejects.toMatchObject({ statusCode: 502, code: 'SEE_SERVICE_UNAVAILABLE', message: expect.stringMatching(/no está disponible/) })
    await client.close()
  })

  it('turns a service that does not answer in time into a 504', async () => {
    const client = systemServiceClient(profiles.s2, await serve(() => {}))
    await expect(client.batch(requests, { requestId: 'r', timeoutMs: 50 })).rejects.toMatchObject({ statusCode: 504, code: 'SEE_SERVICE_UNAVAILABLE' })
    server?.closeAllConnections()
    await client.close()
  })
})

describe('systemServiceClient readiness', () => {
  it('is ready when the service answers its status route for its system, and not otherwise', async () => {
    const paths: string[] = []
    const client = systemServiceClient(profiles.s3s, await serve((req, res) => { paths.push(req.url ?? ''); res.writeHead(200, { 'content-type': 'application/json' }).end('{"system":"s3s","entes":[]}') }))
    expect(await client.ready()).toBe(true)
    expect(paths).toEqual(['/internal/v1/s3s/entes/status'])
    await client.close()
    const down = systemServiceClient(profiles.s3s, await serve((_req, res) => { res.writeHead(503).end() }))
    expect(await down.ready()).toBe(false)
    await down.close()
  })
})
