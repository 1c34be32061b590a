import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { s2HttpClient } from '../../src/upstream/s2-client.js'

let server: Server | undefined
afterEach(async () => await new Promise<void>(resolve => server ? server.close(() => resolve()) : resolve()))

async function serve (handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler)
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const requests = [{ ente: 'A', request: { page: 1, pageSize: 1 } }]

describe('s2HttpClient', () => {
  it('turns a service that sheds load into a 502 {code, message} a client can read', async () => {
    const client = s2HttpClient(await serve((_req, res) => { res.writeHead(503).end('{"code":"SEE_OVERLOADED"}') }))
    await expect(client.batch(requests, { requestId: 'r', timeoutMs: 500 })).rejects.toMatchObject({ statusCode: 502, code: 'SEE_SERVICE_UNAVAILABLE', message: expect.stringMatching(/no está disponible/) })
    await client.close()
  })

  it('turns a service that does not answer in time into a 504', async () => {
    const client = s2HttpClient(await serve(() => {}))
    await expect(client.batch(requests, { requestId: 'r', timeoutMs: 50 })).rejects.toMatchObject({ statusCode: 504, code: 'SEE_SERVICE_UNAVAILABLE' })
    server?.closeAllConnections()
    await client.close()
  })
})
