import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { migrate } from '@see/db'
import { openTestDatabase } from '@see/db/testing'
import { Deliverer, IntakeOutbox, type Delivery } from '@see/intake'
import { generateKey, parseKeyRing } from '@see/kit'

// A bounded load test of the denuncias outbox (issue 17): N filings accepted into PostgreSQL
// while the receiving ente flaps (answers 503 or holds the request past the deliverer's patience,
// alternating with healthy periods), two deliverers competing for the outbox. Every filing must
// reach the ente exactly once by its Idempotency-Key, none lost. Prints the figures.
//   DATABASE_URL=postgres://… npx tsx bench/intake-load.ts [N]

const N = Number(process.argv[2] ?? 10_000)
const FLAP_MS = 400

interface Ente { url: string, kept: Set<string>, calls: number, refused: number, close: () => Promise<void> }

async function flappingEnte (): Promise<Ente> {
  const ente: Ente = { url: '', kept: new Set(), calls: 0, refused: 0, close: async () => {} }
  const started = Date.now()
  const held: ServerResponse[] = []
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      ente.calls++
      const phase = Math.floor((Date.now() - started) / FLAP_MS) % 3
      if (phase === 1) { ente.refused++; response.writeHead(503).end(); return }
      const key = String(request.headers['idempotency-key'])
      ente.kept.add(key)
      response.writeHead(201).end('{}')
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  ente.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  ente.close = async () => {
    for (const response of held) response.destroy()
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  }
  return ente
}

async function send (url: string, delivery: Delivery, key: string): Promise<number> {
  const response = await fetch(`${url}/v1/denuncias/presentacion`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(delivery), signal: AbortSignal.timeout(5000) })
  await response.arrayBuffer()
  return response.status
}

const db = await openTestDatabase('postgresql')
try {
  await migrate(db.pool)
  const keys = parseKeyRing('SEE_CREDENTIALS_KEYS', generateKey('b1'))
  const outbox = new IntakeOutbox({ pool: db.pool, keys, system: 's5' })
  const ente = await flappingEnte()
  const deliverers = [1, 2].map(() => new Deliverer({ outbox, send: async (_clave, delivery, key) => await send(ente.url, delivery, key), pollMs: 20, batch: 50, leaseMs: 10_000, retryBaseMs: 50, retryMaxMs: 1000 }))
  deliverers.forEach(deliverer => deliverer.start())

  const t0 = performance.now()
  const folios = new Set<string>()
  let next = 0
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < N) {
      const i = next++
      const receipt = await outbox.accept({ ente: 'SSA', tipoFalta: 'CEX', hechos: `Denuncia de prueba de carga número ${i}, con hechos suficientes.`, anonima: true }, `carga-${i}`)
      folios.add(receipt.folio)
    }
  }))
  const accepted = performance.now() - t0
  while (await outbox.pendingCount() > 0) await new Promise(resolve => setTimeout(resolve, 100))
  const delivered = performance.now() - t0
  await Promise.all(deliverers.map(async deliverer => await deliverer.stop()))
  const { rows } = await db.pool.query<{ attempts: number, n: string }>('SELECT attempts, count(*) AS n FROM intake_outbox GROUP BY attempts ORDER BY attempts')
  const lost = [...folios].filter(folio => !ente.kept.has(folio)).length
  console.log(JSON.stringify({
    filings: N,
    acceptedSeconds: Math.round(accepted) / 1000,
    acceptedPerSecond: Math.round(N / (accepted / 1000)),
    allDeliveredSeconds: Math.round(delivered) / 1000,
    enteCalls: ente.calls,
    enteRefused503: ente.refused,
    enteKept: ente.kept.size,
    lost,
    keptWithoutFiling: [...ente.kept].filter(key => !folios.has(key)).length,
    attemptsHistogram: Object.fromEntries(rows.map(row => [row.attempts, Number(row.n)]))
  }, null, 2))
  await ente.close()
  if (lost > 0 || ente.kept.size !== N) process.exitCode = 1
} finally {
  await db.close()
}
