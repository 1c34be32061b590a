import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { directoryFromEntes } from '@see/registry'
import { profiles, type Sort } from '@see/systems'
import { federationCache, memoryCache } from '../../src/cache/index.js'
import { MergeAdmission } from '../../src/federation/admission.js'
import { sortedFlights } from '../../src/federation/coalesce.js'
import { defaultFederationSettings, type SystemFederation } from '../../src/federation/context.js'
import { federateSearch, type FederatedPage } from '../../src/federation/search.js'
import { SortedPrefixes } from '../../src/federation/sorted-prefixes.js'
import type { SystemPort } from '../../src/upstream/service-client.js'
import { fullMerge } from '../support/full-merge.js'
import { memoryService } from '../support/memory-service.js'

// Concurrent requests for the same sorted page share one merge (issue #12: ten clients asking the
// same deep page were refused with SEE_SORTED_BUSY and retried in a loop, flooding the gateway).

const system = profiles.s2
const connection = { protocol: 'sesna-v1' as const, baseUrl: 'https://example.gob.mx', auth: { kind: 'none' as const } }
const NAMES = ['Ana', 'Óscar', 'Ñeco', 'Beto', 'Nora', 'Álvaro', 'ana', 'Zoe', '']

type Rec = Record<string, unknown> & { id: string }

/**
 * The service, whose batches can be held: while held, every request started runs until it waits
 * on the service (or on the merge it joined), and no merge can finish before `release()`.
 */
function holdable (service: SystemPort): { service: SystemPort, hold: () => { arrived: Promise<void>, release: () => void } } {
  let held: Promise<void> | undefined
  let arrive = (): void => {}
  return {
    service: {
      ...service,
      batchLines: async (requests, options) => {
        arrive()
        if (held !== undefined) await held
        return await service.batchLines(requests, options)
      }
    },
    hold () {
      let release!: () => void
      const arrived = new Promise<void>(resolve => { arrive = resolve })
      held = new Promise<void>(resolve => { release = resolve })
      return { arrived, release: () => { held = undefined; release() } }
    }
  }
}

function fleet (sizes: number[], { seed = 1, budget = defaultFederationSettings.sortedMergeBudget } = {}) {
  const data: Record<string, Rec[]> = {}
  sizes.forEach((size, e) => {
    data[`E${e}`] = Array.from({ length: size }, (_, i) => {
      const pick = (k: number): string => NAMES[(i * 7 + e * 3 + seed * k) % NAMES.length]!
      return { id: String(i).padStart(4, '0'), nombres: pick(1), primerApellido: pick(5) }
    })
  })
  const s2 = memoryService(system, data)
  const port = holdable(s2)
  const admission = new MergeAdmission(budget)
  const deps: SystemFederation = {
    system,
    directory: directoryFromEntes(sizes.map((_, e) => ({ clave: `E${e}`, nombre: `Ente ${e}`, systems: { s2: connection } }))),
    service: port.service,
    cache: federationCache({ store: memoryCache() }),
    prefixes: new SortedPrefixes(),
    admission,
    settings: defaultFederationSettings
  }
  return { deps, s2, data, admission, hold: port.hold, flights: sortedFlights(port.service) }
}

/** Lets every request started so far run until it waits on the service or on a merge. */
async function settle (): Promise<void> {
  await new Promise(resolve => setImmediate(resolve))
}

const ids = (page: FederatedPage): string[] => page.body.results.map(r => String(r.id))
const requested = (s2: ReturnType<typeof memoryService>): number => s2.batches.flat().reduce((sum, r) => sum + r.request.pageSize, 0)
const DEEP = { page: 20, pageSize: 200, sort: { nombres: 'asc' as const } }

describe('coalesced sorted pages', () => {
  it('answers ten identical deep sorted requests with one merge, none refused, whoever asks', async () => {
    const sizes = [3000, 3000, 1000]
    // One merge's work: the same page asked alone, on a fleet of its own with the same records.
    const solo = fleet(sizes, { budget: 5_000 })
    await federateSearch(solo.deps, { page: 1, pageSize: 1 }, 't')
    const soloStart = { batches: solo.s2.batches.length, records: requested(solo.s2) }
    const alone = await federateSearch(solo.deps, DEEP, 't', { client: 'pdn' })
    const oneMerge = { batches: solo.s2.batches.length - soloStart.batches, records: requested(solo.s2) - soloStart.records }

    // Counts cached, no frontier yet, and a budget for one deep page at a time: refused one by
    // one, nine of the ten would answer SEE_SORTED_BUSY.
    const { deps, s2, data, admission, hold, flights } = fleet(sizes, { budget: 5_000 })
    await federateSearch(deps, { page: 1, pageSize: 1 }, 't')
    const start = { batches: s2.batches.length, records: requested(s2) }
    const { arrived, release } = hold()
    const answers = Promise.allSettled(Array.from({ length: 10 }, async (_, i) => await federateSearch(deps, DEEP, `r${i}`, { client: i % 2 === 0 ? 'pdn' : 'otro' })))
    await arrived
    await settle()
    expect(flights.size).toBe(1)
    release()
    const settled = await answers
    expect(settled.map(s => s.status)).toEqual(Array(10).fill('fulfilled'))
    const expected = fullMerge(system, data, DEEP.sort).slice(3800, 4000)
    expect(ids(alone)).toEqual(expected)
    for (const s of settled) expect(ids((s as PromiseFulfilledResult<FederatedPage>).value)).toEqual(expected)
    expect({ batches: s2.batches.length - start.batches, records: requested(s2) - start.records }).toEqual(oneMerge)
    expect(admission.inUse).toBe(0)
    expect(flights.size).toBe(0)
  })

  it('runs a merge of its own for another page, page size, sort or query, and shares each among its twins', async () => {
    const { deps, data, hold, flights } = fleet([900, 900])
    await federateSearch(deps, { page: 1, pageSize: 1 }, 't')
    const asc = { nombres: 'asc' as const }
    const desc = { nombres: 'desc' as const }
    const asked = [
      { page: 4, pageSize: 200, sort: asc },
      { page: 5, pageSize: 200, sort: asc },
      { page: 4, pageSize: 100, sort: asc },
      { page: 4, pageSize: 200, sort: desc },
      // The memory service ignores this filter, so the answer is the same; the merge is not.
      { page: 4, pageSize: 200, sort: asc, query: { primerApellido: 'Ana' } }
    ]
    const { arrived, release } = hold()
    const answers = Promise.all(asked.flatMap((body, i) => [0, 1].map(async twin => await federateSearch(deps, body, `r${i}-${twin}`))))
    await arrived
    await settle()
    expect(flights.size).toBe(asked.length)
    release()
    const pages = await answers
    asked.forEach((body, i) => {
      const expected = fullMerge(system, data, body.sort).slice((body.page - 1) * body.pageSize, body.page * body.pageSize)
      expect(ids(pages[2 * i]!)).toEqual(expected)
      expect(ids(pages[2 * i + 1]!)).toEqual(expected)
    })
    expect(flights.size).toBe(0)
  })

  it('hands the shared merge\'s error to every request that joined it, and runs anew once it settled', async () => {
    const { deps, s2, data, hold, flights } = fleet([900, 900])
    const body = { page: 4, pageSize: 200, sort: { nombres: 'asc' as const } }
    await federateSearch(deps, { page: 1, pageSize: 1 }, 't')
    const before = s2.batches.length
    // A counted ente failing inside the page: the merge's retryable 503.
    s2.failing.set('E1', 'ENTE_HTTP_ERROR')
    const { arrived, release } = hold()
    const answers = Promise.allSettled(Array.from({ length: 5 }, async (_, i) => await federateSearch(deps, body, `r${i}`)))
    await arrived
    await settle()
    release()
    const settled = await answers
    for (const s of settled) expect(s).toMatchObject({ status: 'rejected', reason: { code: 'SEE_INCOMPLETE_PAGE', statusCode: 503 } })
    expect(new Set(settled.map(s => (s as PromiseRejectedResult).reason)).size).toBe(1)
    // One merge, ended by the failure in its first round.
    expect(s2.batches.length - before).toBe(1)
    expect(flights.size).toBe(0)
    s2.failing.delete('E1')
    const again = await federateSearch(deps, body, 't')
    expect(ids(again)).toEqual(fullMerge(system, data, body.sort).slice(600, 800))
    expect(s2.batches.length - before).toBeGreaterThan(1)
  })

  it('answers 504 to a request whose own deadline passes while it waits, while the merge goes on for the others', async () => {
    const { deps, data, hold, flights } = fleet([900, 900])
    const body = { page: 4, pageSize: 200, sort: { nombres: 'asc' as const } }
    await federateSearch(deps, { page: 1, pageSize: 1 }, 't')
    const { arrived, release } = hold()
    const first = federateSearch(deps, body, 'r0')
    await arrived
    const hurried = federateSearch({ ...deps, settings: { ...deps.settings, deadlineMs: 1 } }, body, 'r1')
    await expect(hurried).rejects.toMatchObject({ code: 'SEE_DEADLINE_EXCEEDED', statusCode: 504 })
    expect(flights.size).toBe(1)
    release()
    expect(ids(await first)).toEqual(fullMerge(system, data, body.sort).slice(600, 800))
    expect(flights.size).toBe(0)
  })

  it('gives a request of another client its own chance when the merge it joined was refused admission', async () => {
    // Each client may hold half of 10,000 records of merge work; the deep page costs 4,400.
    const { deps, data, admission, flights } = fleet([3000, 3000, 1000], { budget: 10_000 })
    await federateSearch(deps, { page: 1, pageSize: 1 }, 't')
    // The counts' reads held: the merge of the first request waits in them, where the second joins it.
    const store = deps.cache.store
    let held: Promise<void> | undefined
    let release = (): void => {}
    let arrive = (): void => {}
    const arrived = new Promise<void>(resolve => { arrive = resolve })
    const holding = new Proxy(store, {
      get (target, prop) {
        const value = Reflect.get(target, prop) as unknown
        if (prop !== 'get' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value
        return async (key: string) => {
          if (key.includes(':count:') && held !== undefined) {
            arrive()
            await held
          }
          return await store.get(key)
        }
      }
    })
    const waiting = { ...deps, cache: { ...deps.cache, store: holding } }
    held = new Promise<void>(resolve => { release = resolve })
    const full = admission.enter(5_000, 'flood')
    try {
      const flood = federateSearch(waiting, DEEP, 'r0', { client: 'flood' })
      await arrived
      const other = federateSearch(waiting, DEEP, 'r1', { client: 'otro' })
      await settle()
      expect(flights.size).toBe(1)
      held = undefined
      release()
      await expect(flood).rejects.toMatchObject({ code: 'SEE_SORTED_BUSY', statusCode: 503 })
      expect(ids(await other)).toEqual(fullMerge(system, data, DEEP.sort).slice(3800, 4000))
    } finally {
      full()
    }
    expect(admission.inUse).toBe(0)
  })

  it('shares a page no request can change: the answer is frozen', async () => {
    const { deps } = fleet([30, 30])
    const page = await federateSearch(deps, { page: 2, pageSize: 10, sort: { nombres: 'asc' } }, 't')
    expect(Object.isFrozen(page.failed)).toBe(true)
  })

  it('gives every request the page a full merge gives, whatever mix of pages is asked at once (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.nat(450), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 200 }),
      fc.constantFrom('nombres', 'primerApellido'),
      fc.constantFrom('asc' as const, 'desc' as const),
      fc.nat(20),
      fc.array(fc.nat(6), { minLength: 2, maxLength: 10 }),
      fc.boolean(),
      async (sizes, pageSize, field, direction, seed, picks, counted) => {
        const { deps, data, admission, flights } = fleet(sizes, { seed, budget: 1_000_000 })
        const sort = { [field]: direction } as Sort
        const expected = fullMerge(system, data, sort)
        // At most 40 pages, so deep picks stay short; small picks, so the same page is often asked twice at once.
        pageSize = Math.max(pageSize, Math.ceil(expected.length / 40))
        const pages = Math.max(1, Math.ceil(expected.length / pageSize))
        if (counted) await federateSearch(deps, { page: 1, pageSize: 1 }, 't')
        const asked = picks.map(p => 1 + (p * 7) % (pages + 1))
        const answers = await Promise.all(asked.map(async (page, i) => await federateSearch(deps, { page, pageSize, sort }, `r${i}`)))
        answers.forEach((answer, i) => {
          const page = asked[i]!
          expect(ids(answer), `page ${page} of ${pageSize}`).toEqual(expected.slice((page - 1) * pageSize, page * pageSize))
          expect(answer.body.pagination.totalRows).toBe(expected.length)
        })
        expect(flights.size).toBe(0)
        expect(admission.inUse).toBe(0)
      }), { numRuns: 40 })
  }, 120_000)
})
