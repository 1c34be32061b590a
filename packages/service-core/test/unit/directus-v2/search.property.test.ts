import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isEmptyFilter, systemById, type SystemProfile } from '@see/systems'
import { assembleDirectusSearch, planDirectusSearch, type DirectusSearchOptions, type DirectusSearchPlan, type V1SearchRequest } from '../../../src/protocols/directus-v2/index.js'
import { S2_MAPPING, S3P_MAPPING, S3S_MAPPING, type SystemMapping } from '@see/systems'
import { inProcess, referenceSearch, s2Collections, s3pCollections, s3sCollections, searches, type Collections } from './support.js'

/** Fields the Api-Interconexion role lets no collection of the system read (directus-roles.json). */
const UNPUBLISHED: Record<string, string[]> = { s2: ['curp', 'rfc'], s3s: ['curp', 'rfc'], s3p: [] }

interface Run { outcome: { totalRows: number, results: unknown[] } | { unsupported: string }, rounds: number, longestQuery: number }

async function run (profile: SystemProfile, mapping: SystemMapping, collections: Collections, search: V1SearchRequest, options: DirectusSearchOptions): Promise<Run> {
  const fetch = inProcess(collections)
  const first = planDirectusSearch(profile, mapping, search, options)
  if ('unsupported' in first) return { outcome: first, rounds: 0, longestQuery: 0 }
  let plan: DirectusSearchPlan = first
  let rounds = 0
  let longestQuery = 0
  for (;;) {
    rounds++
    longestQuery = Math.max(longestQuery, ...plan.requests.map(request => request.query.length))
    const step = assembleDirectusSearch(plan, await Promise.all(plan.requests.map(fetch)))
    if (!('next' in step)) return { outcome: step, rounds, longestQuery }
    plan = step.next
  }
}

function asksUnpublished (profile: SystemProfile, search: V1SearchRequest): boolean {
  const query = search.query ?? {}
  if (!isEmptyFilter(query.id)) return false
  return (UNPUBLISHED[profile.id] ?? []).some(field => !isEmptyFilter(query[field]))
}

// Property runs fetch hundreds of simulated pages: give them time on a shared machine.
const PROPERTY_TIMEOUT = 60_000

const options = fc.record({
  chunkSize: fc.integer({ min: 2, max: 9 }),
  maxFilterLength: fc.constantFrom(250, 1200, 6000),
  maxScanRows: fc.constant(1_000_000)
})

function exactAgainstReference (profile: SystemProfile, mapping: SystemMapping, data: fc.Arbitrary<Collections>): () => Promise<void> {
  return async () => {
    await fc.assert(fc.asyncProperty(
      data.chain(collections => fc.tuple(fc.constant(collections), searches(profile, mapping, collections), options)),
      async ([collections, search, settings]) => {
        const { outcome, rounds, longestQuery } = await run(profile, mapping, collections, search, settings)
        if (asksUnpublished(profile, search)) {
          expect(outcome).toHaveProperty('unsupported')
          return
        }
        expect(outcome).toEqual(referenceSearch(profile, mapping, collections, search))
        expect(rounds).toBeLessThanOrEqual(2)
        expect(longestQuery).toBeLessThanOrEqual(settings.maxFilterLength + 300)
      }), { numRuns: 150 })
  }
}

describe('a directus-v2 search answers exactly what the reference semantics give on the v1 records', () => {
  it('S2 (generated records served as v2 items)', async () => {
    const s2 = systemById('s2')
    const data = fc.integer({ min: 1, max: 1000 }).chain(seed => fc.integer({ min: 0, max: 45 }).map(size => s2Collections(S2_MAPPING, seed, size)))
    await exactAgainstReference(s2, S2_MAPPING, data)()
  }, PROPERTY_TIMEOUT)

  it('S3S (faltas graves and no graves laid end to end)', exactAgainstReference(systemById('s3s'), S3S_MAPPING, s3sCollections), PROPERTY_TIMEOUT)

  it('S3P (personas físicas and morales, tipoPersona by collection)', exactAgainstReference(systemById('s3p'), S3P_MAPPING, s3pCollections), PROPERTY_TIMEOUT)
})

describe('a scan over more than maxScanRows candidates is reported, never answered partially', () => {
  const cases: Array<[string, SystemMapping, fc.Arbitrary<Collections>]> = [
    ['s3s', S3S_MAPPING, s3sCollections],
    ['s3p', S3P_MAPPING, s3pCollections]
  ]
  for (const [id, mapping, data] of cases) {
    it(`${id}: either the exact page or an explanation`, async () => {
      const profile = systemById(id)
      await fc.assert(fc.asyncProperty(
        data.chain(collections => fc.tuple(fc.constant(collections), searches(profile, mapping, collections), fc.integer({ min: 0, max: 12 }))),
        async ([collections, search, maxScanRows]) => {
          const { outcome } = await run(profile, mapping, collections, search, { chunkSize: 4, maxScanRows })
          if ('unsupported' in outcome) {
            expect(outcome.unsupported).toMatch(/no publica|el máximo es 12|el máximo es \d+/)
            return
          }
          expect(outcome).toEqual(referenceSearch(profile, mapping, collections, search))
        }), { numRuns: 120 })
    }, PROPERTY_TIMEOUT)
  }
})
