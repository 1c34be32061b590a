import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Redis } from 'ioredis'
import { redisCache } from '@see/cache'
import { migrate } from '@see/db'
import { openTestDatabase, type TestDatabase } from '@see/db/testing'
import { closeRedis, createRedisClient, waitForRedis } from '@see/redis'
import { redisForTests, uniquePrefix } from '@see/redis/testing'
import { directoryFromEntes } from '@see/registry'
import { profiles } from '@see/systems'
import type { SearchOutcome } from '@see/openapi/types'
import { Leadership } from '../../src/monitor/leadership.js'
import { EnteMonitor } from '../../src/monitor/monitor.js'
import type { SystemPort } from '../../src/upstream/service-client.js'

// Two gateway instances, each with its own Redis connection and its own monitor, over one Redis
// and one database: only the instance holding the lease probes; one that stops frees it at once;
// when one dies (its lease never renewed nor freed) the other takes over once the lease runs out.

const FILE = 'gateway/monitor-leadership.test.ts'
const url = await redisForTests(FILE)
const s2 = profiles.s2
const connection = { protocol: 'sesna-v1', baseUrl: 'https://ente.example', auth: { kind: 'none' } }
const entes = ['A', 'B', 'C'].map(clave => ({ clave, nombre: `Ente ${clave}`, systems: { [s2.id]: connection } }))
// Short, so the dead leader's lease runs out within the test; renewals come every third of it.
const LEASE_MS = 600

describe.skipIf(url === undefined)('the monitor of entes on two gateway instances', () => {
  const prefix = uniquePrefix()
  const clients: Redis[] = []
  let db: TestDatabase

  beforeAll(async () => {
    db = await openTestDatabase(process.env.DATABASE_URL === undefined ? 'pglite' : 'postgresql')
    await migrate(db.pool)
  }, 120_000)
  afterAll(async () => {
    await db?.close()
    await Promise.all(clients.map(closeRedis))
  })

  /** One gateway instance: its Redis connection, lease, service stand-in (counting its probes) and monitor. */
  async function instance (): Promise<{ leadership: Leadership, monitor: EnteMonitor, probes: string[] }> {
    const redis = createRedisClient(url!, { commandTimeoutMs: 2_000 })
    clients.push(redis)
    await waitForRedis(redis)
    const probes: string[] = []
    const service: Pick<SystemPort, 'batch'> = {
      batch: async (requests) => {
        probes.push(requests[0]!.ente)
        return [{ ente: requests[0]!.ente, ok: true, latencyMs: 1, totalRows: 5, hasNextPage: false, results: [] } as unknown as SearchOutcome]
      }
    }
    const leadership = new Leadership({ store: redisCache(redis, { prefix }), leaseMs: LEASE_MS })
    const monitor = new EnteMonitor({ systems: [{ system: s2, service }], directory: directoryFromEntes(entes as never), db: db.pool, leadership })
    return { leadership, monitor, probes }
  }

  const probeCount = async (): Promise<number> => (await db.pool.query('SELECT count(*)::int AS n FROM ente_probes')).rows[0].n

  it('probes from one instance at a time, fails over when the leader dies, and hands over at once when it stops', async () => {
    const a = await instance()
    const b = await instance()

    // Both run their rounds at the same moment: only the lease holder probes, each ente once.
    const [ranA, ranB] = await Promise.all([a.monitor.runRound(), b.monitor.runRound()])
    expect([ranA, ranB].filter(Boolean)).toHaveLength(1)
    const [leader, follower] = ranA ? [a, b] : [b, a]
    expect(leader.probes.sort()).toEqual(['A', 'B', 'C'])
    expect(follower.probes).toEqual([])
    expect(await probeCount()).toBe(3)

    // Renewed by the leader, the lease outlives its length: the follower still does not probe.
    leader.leadership.start()
    await new Promise(resolve => setTimeout(resolve, LEASE_MS * 2))
    expect(await follower.monitor.runRound()).toBe(false)
    expect(follower.probes).toEqual([])

    // The leader stops (a rolling restart): it frees the lease, and the follower leads at its next look.
    await leader.leadership.stop()
    expect(await follower.leadership.check()).toBe(true)
    expect(await follower.monitor.runRound()).toBe(true)
    expect(follower.probes.sort()).toEqual(['A', 'B', 'C'])

    // Now the new leader dies (it never renews nor frees its lease): the other waits the lease out, then probes.
    const survivor = leader
    expect(await survivor.monitor.runRound()).toBe(false)
    await vi.waitFor(async () => { expect(await survivor.leadership.check()).toBe(true) }, { timeout: LEASE_MS * 20, interval: LEASE_MS / 4 })
    expect(await survivor.monitor.runRound()).toBe(true)
    expect(survivor.probes).toHaveLength(6)
    // Back after a pause, the crashed instance finds its lease lost and does not probe.
    expect(await follower.monitor.runRound()).toBe(false)
    expect(follower.probes).toHaveLength(3)
    expect(await probeCount()).toBe(9)
    await survivor.leadership.stop()
  })
})
