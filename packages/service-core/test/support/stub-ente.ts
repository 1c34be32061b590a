import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { ConnectionTimeouts, Ente, EnteAuth } from '@see/openapi/types'
import { directoryFromEntes, type EnteDirectory } from '@see/registry'

// A tiny SESNA v1 ente on 127.0.0.1 for unit tests: it records what arrives and answers with
// whatever handler the test sets. Not a mock of our code: it is the other side of the wire.

export type Endpoint = 'token' | 'data' | 'dependencias'

export interface ReceivedCall {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

export type Handler = (call: ReceivedCall, res: ServerResponse, count: number) => void | Promise<void>

export interface StubEnte {
  url: string
  calls: Record<Endpoint, ReceivedCall[]>
  handle: (endpoint: Endpoint, handler: Handler) => void
  /** Sockets currently open towards the stub (keep-alive connections from the service). */
  openSockets: () => number
  /** Resolves once every socket towards the stub has closed. */
  socketsClosed: () => Promise<void>
  close: () => Promise<void>
}

export function sendJson (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export function validRecord (id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    fechaCaptura: '2024-03-01T10:00:00Z',
    nombres: 'María José',
    primerApellido: 'Pérez',
    segundoApellido: 'Gómez',
    tipoProcedimiento: [{ clave: 1, valor: 'CONTRATACIONES PÚBLICAS' }],
    institucionDependencia: { nombre: 'Secretaría de Hacienda', siglas: 'SH', clave: 'SH' },
    puesto: { nombre: 'Jefe de departamento', nivel: 'O11' },
    ...overrides
  }
}

export function pageOf (results: unknown[], totalRows = results.length): Record<string, unknown> {
  return { pagination: { page: 1, pageSize: 10, totalRows, hasNextPage: false }, results }
}

const defaults: Record<Endpoint, Handler> = {
  token: (_call, res, count) => sendJson(res, 200, { access_token: `token-${count}`, token_type: 'Bearer', expires_in: 3600 }),
  data: (_call, res) => sendJson(res, 200, pageOf([validRecord('1'), validRecord('2')])),
  dependencias: (_call, res) => sendJson(res, 200, [{ nombre: 'Secretaría de Hacienda', siglas: 'SH', clave: 'SH' }])
}

function endpointOf (method: string, path: string): Endpoint | undefined {
  if (method === 'POST' && path === '/oauth/token') return 'token'
  if (method === 'POST' && path === '/v1/spic') return 'data'
  if (method === 'GET' && path === '/v1/spic/dependencias') return 'dependencias'
  return undefined
}

export async function startStubEnte (): Promise<StubEnte> {
  const calls: Record<Endpoint, ReceivedCall[]> = { token: [], data: [], dependencias: [] }
  const handlers: Record<Endpoint, Handler> = { ...defaults }
  const sockets = new Set<Socket>()
  let allClosed: (() => void) | undefined
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? ''
      const endpoint = endpointOf(req.method ?? '', path)
      if (endpoint === undefined) return sendJson(res, 404, { code: 'NOT_FOUND', message: 'no' })
      const call = { method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      calls[endpoint].push(call)
      Promise.resolve(handlers[endpoint](call, res, calls[endpoint].length)).catch(() => res.destroy())
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => {
      sockets.delete(socket)
      if (sockets.size === 0) allClosed?.()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    handle: (endpoint, handler) => { handlers[endpoint] = handler },
    openSockets: () => sockets.size,
    socketsClosed: async () => {
      if (sockets.size === 0) return
      await new Promise<void>(resolve => { allClosed = resolve })
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

export const PASSWORD_AUTH: EnteAuth = { kind: 'oauth2-password', clientId: 'see-client', clientSecret: 's3cr3t', username: 'see', password: 'pa55' }

/** A directory of S2 entes, each `[clave, baseUrl, auth?]`. */
export function directoryOf (entes: Array<[string, string, EnteAuth?]>, timeouts?: ConnectionTimeouts): EnteDirectory {
  const list: Ente[] = entes.map(([clave, baseUrl, auth]) => ({
    clave,
    nombre: `Ente ${clave}`,
    systems: { s2: { protocol: 'sesna-v1', baseUrl, auth: auth ?? PASSWORD_AUTH, maxConnections: 4, ...(timeouts === undefined ? {} : { timeouts }) } }
  }))
  return directoryFromEntes(list)
}
