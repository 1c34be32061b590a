import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { migrate } from '@see/db'
import { openTestDatabase, type TestDatabase } from '@see/db/testing'
import { directoryFromEntes } from '@see/registry'
import { profiles } from '@see/systems'
import type { SearchOutcome } from '@see/openapi/types'
import { EnteMonitor } from '../../src/monitor/monitor.js'
import type { SystemPort } from '../../src/upstream/service-client.js'

// The monitor's bounds, over a service stand-in the test holds (the database is the real embedded
// one): one probe in flight per ente whatever the schedule, and no more at once than allowed.

const s2 = profiles.s2
const connection = { protocol: 'sesna-v1', baseUrl: 'https://ente.example', tokenUrl: 'https://ente.example/oauth/token', auth: { kind: 'oauth2-password', username: 'u', password: 'p', clientId: 'c', clientSecret: 's' } }
const entes = ['A', 'B', 'C', 'D'].map(clave => ({ clave, nombre: `Ente ${clave}`, systems: { [s2.id]: connection } }))

describe('EnteMonitor', () => {
  let db: TestDatabase

  beforeAll(async () => {
    db = await openTestDatabase('pglite')
    await migrate(db.pool)
  }, 120_000)
  afterAll(async () => { await db?.close() })

  it('never has two probes of one ente in flight, and at most `concurrency` at once in a round', async () => {
    const held: Array<() => void> = []
    let inFlight = 0
    let most = 0
    const calls: string[] = []
    const service: Pick<SystemPort, 'batch'> = {
      batch: async (requests) => {
        const ente = requests[0]!.ente
        calls.push(ente)
        inFlight++
        most = Math.max(most, inFlight)
        if (ente === 'A') await new Promise<void>(resolve => held.push(resolve))
        inFlight--
        return [{ ente, ok: true, latencyMs: 5, totalRows: 10, hasNextPage: false, results: [] } as unknown as SearchOutcome]
      }
    }
    const monitor = new EnteMonitor({ systems: [{ system: s2, service }], directory: directoryFromEntes(entes as never), db: db.pool, concurrency: 2 })
    const first = monitor.runRound()
    // A second round while A's probe hangs: A is skipped, the others are probed again.
    await vi.waitFor(async () => {
      expect((await db.pool.query('SELECT count(*)::int AS n FROM ente_probes')).rows[0].n).toBe(3)
    }, { timeout: 20_000, interval: 20 })
    await new Promise(resolve => setImmediate(resolve))
    await monitor.runRound()
    expect(calls.filter(ente => ente === 'A')).toHaveLength(1)
    expect(calls.filter(ente => ente === 'B')).toHaveLength(2)
    // Two of the second round, beside A held from the first.
    expect(most).toBeLessThanOrEqual(3)
    for (const release of held) release()
    await first
    const { rows } = await db.pool.query('SELECT ente_clave, count(*)::int AS n FROM ente_probes GROUP BY ente_clave ORDER BY ente_clave')
    expect(rows).toEqual([{ ente_clave: 'A', n: 1 }, { ente_clave: 'B', n: 2 }, { ente_clave: 'C', n: 2 }, { ente_clave: 'D', n: 2 }])
  })
})
