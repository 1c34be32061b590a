import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { generateKey, parseKeyRing, type KeyRing } from '@see/kit'
import type { FilingInput } from '../../src/index.js'

/** A 1×1 PNG: bytes a real image starts with, whatever its name says. */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

export const FILER_NAME = 'Rosa Elena Martínez Gutiérrez'
export const FACTS = 'El encargado de ventanilla pidió quinientos pesos para entregar el certificado 4471.'

/** A key ring for one test run, as SEE_CREDENTIALS_KEYS writes it (a child process opens the same). */
export const TEST_RING = generateKey('t1')

export function testKeys (): KeyRing {
  return parseKeyRing('SEE_CREDENTIALS_KEYS', TEST_RING)
}

export function identifiedFiling (overrides: Partial<FilingInput> = {}): FilingInput {
  return {
    ente: 'SSA',
    tipoFalta: 'CEX',
    hechos: FACTS,
    anonima: false,
    denunciante: { nombre: FILER_NAME, correo: 'rosa.martinez@correo.example', telefono: '9611234567' },
    adjuntos: [{ nombre: 'recibo.jpg', contenido: PNG_1PX.toString('base64') }],
    ...overrides
  }
}

/** A simulated ente's denuncias endpoint: records each filing once per Idempotency-Key; `mode` says how it answers. */
export interface EnteInbox {
  url: string
  mode: 'ok' | 'error' | 'hang'
  /** Every request, in order (Idempotency-Key of each). */
  calls: string[]
  /** The filings kept, by Idempotency-Key: a repeated key is the same filing. */
  filings: Map<string, unknown>
  close: () => Promise<void>
}

export async function startEnteInbox (mode: EnteInbox['mode'] = 'ok', port = 0): Promise<EnteInbox> {
  const hung: ServerResponse[] = []
  const inbox: EnteInbox = { url: '', mode, calls: [], filings: new Map(), close: async () => {} }
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const key = String(request.headers['idempotency-key'] ?? '')
      inbox.calls.push(key)
      if (inbox.mode === 'hang') { hung.push(response); return }
      if (inbox.mode === 'error') { response.writeHead(503).end(); return }
      if (!inbox.filings.has(key)) inbox.filings.set(key, JSON.parse(Buffer.concat(chunks).toString('utf8')))
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ folio: key }))
    })
  })
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve))
  inbox.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  inbox.close = async () => {
    for (const response of hung) response.destroy()
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  }
  return inbox
}

/** Sends a filing as the service would (JSON, Idempotency-Key), resolving to the status. */
export async function postFiling (url: string, delivery: unknown, key: string, signal?: AbortSignal): Promise<number> {
  const response = await fetch(`${url}/v1/denuncias/presentacion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(delivery),
    ...(signal && { signal })
  })
  await response.arrayBuffer()
  return response.status
}
