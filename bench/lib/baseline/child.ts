import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
// The token request alone: the demo's index would load the whole federation into this process.
import { passwordGrantRequest } from '@see/demo/token'
import type { EnteInfo } from '../host/protocol.js'
import type { BaselineReply, BaselineStart, BaselineSummaryRow } from './protocol.js'

// The baseline: a plain per-ente client that does what the PDN's national S2 backend does today
// (Express + axios), in a process of its own. Every data call first asks the ente for a token
// (password grant, as the PDN's backend does per call), then parses the ente's JSON answer and
// serializes it again. `POST /summary` asks every ente for its count alone (page 1 of 1 record);
// `POST /search` with `supplier_id` answers one ente's page as that ente gave it.

let config: BaselineStart

async function readJson (message: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  return chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
}

async function token (ente: EnteInfo): Promise<string> {
  const response = await request(ente.tokenUrl, { method: 'POST', ...passwordGrantRequest(ente.credentials), headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs })
  const answer = await response.body.json() as { access_token?: string }
  if (response.statusCode !== 200 || answer.access_token === undefined) throw new Error(`token ${response.statusCode}`)
  return answer.access_token
}

/** One data call to one ente, as axios would make it: a fresh token, the body as JSON, the answer parsed. */
async function search (ente: EnteInfo, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const bearer = await token(ente)
  const response = await request(`${ente.url}${config.searchPath}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs
  })
  const answer = await response.body.json() as Record<string, unknown>
  if (response.statusCode !== 200) throw new Error(`search ${response.statusCode}`)
  return answer
}

async function summary (body: Record<string, unknown>): Promise<BaselineSummaryRow[]> {
  return await Promise.all(config.entes.map(async (ente): Promise<BaselineSummaryRow> => {
    try {
      const answer = await search(ente, { page: 1, pageSize: 1, query: body.query ?? {} })
      return { supplier_id: ente.clave, totalRows: (answer.pagination as { totalRows: number }).totalRows }
    } catch (err) {
      return { supplier_id: ente.clave, error: (err as Error).message }
    }
  }))
}

async function providerPage (body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { supplier_id: supplier, ...rest } = body
  const ente = config.entes.find(e => e.clave === supplier)
  if (ente === undefined) throw Object.assign(new Error(`unknown supplier ${String(supplier)}`), { status: 400 })
  return await search(ente, rest)
}

function send (response: ServerResponse, status: number, value: unknown): void {
  const json = JSON.stringify(value)
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) })
  response.end(json)
}

const server = createServer((req, res) => {
  readJson(req)
    .then(async body => {
      // The CPU time this process has used, for figures that a loaded machine does not skew.
      if (req.method === 'GET' && req.url === '/cpu') {
        const { user, system } = process.cpuUsage()
        return send(res, 200, { ms: (user + system) / 1000 })
      }
      if (req.method === 'POST' && req.url === '/summary') return send(res, 200, await summary(body))
      if (req.method === 'POST' && req.url === '/search') return send(res, 200, await providerPage(body))
      send(res, 404, { error: 'not found' })
    })
    .catch((err: Error & { status?: number }) => { send(res, err.status ?? 502, { error: err.message }) })
})
server.keepAliveTimeout = 30_000

process.once('message', (message: BaselineStart) => {
  config = message
  server.listen(0, '127.0.0.1', () => {
    process.send!({ ok: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } satisfies BaselineReply)
  })
})
process.on('disconnect', () => { server.close(() => process.exit(0)); server.closeAllConnections() })
