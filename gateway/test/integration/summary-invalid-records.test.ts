import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Redis } from 'ioredis'
import { closeRedis, createRedisClient } from '@see/redis'
import { redisCache } from '@see/cache'
import { redisForTests, uniquePrefix } from '@see/redis/testing'
import { directoryFromEntes } from '@see/registry'
import { profiles } from '@see/systems'
import { federationCache } from '../../src/cache/index.js'
import { defaultFederationSettings, type SystemFederation } from '../../src/federation/context.js'
import { MergeAdmission } from '../../src/federation/admission.js'
import { federateSearch } from '../../src/federation/search.js'
import { SortedPrefixes } from '../../src/federation/sorted-prefixes.js'
import { summarize } from '../../src/federation/summary.js'
import { memoryService } from '../support/memory-service.js'

const FILE = 'gateway/summary-invalid-records.test.ts'
const url = await redisForTests(FILE)
const connection = { protocol: 'sesna-v1' as const, baseUrl: 'https://example.gob.mx', auth: { kind: 'none' as const } }
const records = (n: number): Array<{ id: string, nombres: string }> => Array.from({ length: n }, (_, i) => ({ id: String(i).padStart(4, '0'), nombres: 'Ana' }))

describe.skipIf(url === undefined)('the summary of a gateway instance names the entes whose pages held invalid records on another', () => {
  const prefix = uniquePrefix()
  const clients: Redis[] = []

  /** One gateway instance: its own Redis connection and service port, the Redis shared. */
  function instance (): { deps: SystemFederation, service: ReturnType<typeof memoryService> } {
    const redis = createRedisClient(url!)
    clients.push(redis)
    const service = memoryService(profiles.s2, { E0: records(4), E1: records(3) })
    service.invalid.add('0001') // E0's and E1's second record do not meet the standard
    const deps: SystemFederation = {
      system: profiles.s2,
      directory: directoryFromEntes(['E0', 'E1'].map(clave => ({ clave, nombre: clave, systems: { s2: connection } }))),
      service,
      cache: federationCache({ store: redisCache(redis, { prefix }) }),
      prefixes: new SortedPrefixes(),
      admission: new MergeAdmission(defaultFederationSettings.sortedMergeBudget),
      settings: defaultFederationSettings
    }
    return { deps, service }
  }

  let a: ReturnType<typeof instance>
  let b: ReturnType<typeof instance>
  beforeAll(async () => {
    a = instance()
    b = instance()
    await vi.waitFor(() => expect(clients.every(c => c.status === 'ready')).toBe(true))
  })

  afterAll(async () => {
    await a?.deps.cache.store.clear()
    await Promise.all(clients.map(closeRedis))
  })

  it('a summary before any search page cannot know: no ente named', async () => {
    expect((await summarize(b.deps, {}, 't')).failed).toEqual([])
  })

  it('after instance A served a page with E0 invalid records, instance B names E0 (and only E0) in its summary', async () => {
    // Page 1 of 2 holds only E0's records: E1 is counted but its records are not read.
    const page = await federateSearch(a.deps, { page: 1, pageSize: 2 }, 't')
    expect(page.failed).toEqual([{ ente: 'E0', code: 'ENTE_INVALID_RECORDS' }])
    const summary = await summarize(b.deps, {}, 't')
    expect(summary.failed).toEqual([{ ente: 'E0', code: 'ENTE_INVALID_RECORDS' }])
    // The counts stay the entes' own: the flag says the pages are short, not the total.
    expect(summary.body.totalRows).toBe(7)
    expect(summary.body.entes.map(e => e.status)).toEqual(['ok', 'ok'])
  })

  it('names an ente that failed first and the invalid-records ente after it, never counting the latter as failed', async () => {
    b.service.failing.set('E1', 'ENTE_TIMEOUT')
    try {
      const summary = await summarize(b.deps, {}, 't')
      expect(summary.failed).toEqual([{ ente: 'E1', code: 'ENTE_TIMEOUT' }, { ente: 'E0', code: 'ENTE_INVALID_RECORDS' }])
    } finally {
      b.service.failing.delete('E1')
    }
  })

  it('forgets the mark when the ente is invalidated (its data changed), on every instance', async () => {
    await a.deps.cache.invalidateEnte('s2', 'E0')
    expect((await summarize(b.deps, {}, 't')).failed).toEqual([])
  })
})
