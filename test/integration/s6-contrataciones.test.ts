import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet, type SimulatedProvider } from '@see/ente-simulator'
import { federatedId } from '@see/sesna'
import { compareRecords, compileRelease, matchesQuery, nestField, profiles, releasesByDate, valuesAt, type AnyRecord, type MergeableRelease, type Query, type Sort } from '@see/systems'
import { bearerWithScopes } from '../support/clients.js'
import { getJson, postJson } from '../support/http.js'
import { officialOcdsReleaseSchema, officialS6, readSpec, schemaErrors } from '../support/official-specs.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// S6 contrataciones abiertas over several simulated entes of both S6 protocols: two answer the OAS
// 1.0 envelope (sesna-v1), two publish plain OCDS release packages page by page (ocds-releases).
// The federation answers as one provider: every query key with the reference semantics, inclusive
// date bounds, exact paging and sort, answers valid against SESNA's OCDS 1.1.5 release schema,
// and OCDS publishing (release and record packages) whose compiled releases follow the merge rules.

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const system = profiles.s6
const SEARCH = system.paths.search
/** Releases per ente: the ocds-releases ones span several feed pages (25 each). */
const SIZES = [23, 9, 31, 57]
const PROTOCOLS = ['sesna-v1', 'sesna-v1', 'ocds-releases', 'ocds-releases'] as const

interface Located { id: string, ente: string, rank: number, index: number, record: AnyRecord }

function ocdsValidators (): { release: ValidateFunction, releasePackage: ValidateFunction, recordPackage: ValidateFunction } {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addSchema(officialOcdsReleaseSchema())
  // The record package's versioned releases (which the SEE does not publish) point at a schema SESNA's folder lacks.
  ajv.addSchema({ $id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json' })
  const load = (file: string): ValidateFunction => {
    const { id, $schema: _draft, ...schema } = readSpec(`s6/ocds-1.1.5/${file}`)
    return ajv.compile({ ...schema, $id: id })
  }
  return { release: ajv.getSchema('https://standard.open-contracting.org/schema/1__1__5/release-schema.json')!, releasePackage: load('release-package-schema.json'), recordPackage: load('record-package-schema.json') }
}

describe('S6 contrataciones abiertas over sesna-v1 and ocds-releases entes', () => {
  const official = officialS6()
  const ocds = ocdsValidators()
  let federation: TestFederation
  let auth: Record<string, string>
  let entes: SimulatedProvider[]
  let all: Located[]

  beforeAll(async () => {
    const providers = defaultFleet(SIZES.length, { systems: ['s6'], seed: 6 }).map((provider, i) => ({ ...provider, size: SIZES[i]!, protocol: PROTOCOLS[i]! }))
    federation = await startTestFederation('s6-contrataciones', { entes: providers, systems: [system], settings: { pageCache: false } })
    expect(federation.registry.seeded.filter(s => s.stage !== 'produccion'), JSON.stringify(federation.registry.seeded)).toEqual([])
    auth = await bearerWithScopes(federation, [system.scope])
    entes = [...federation.simulator.providers].sort((a, b) => a.clave < b.clave ? -1 : a.clave > b.clave ? 1 : 0)
    all = entes.flatMap((ente, rank) => ente.recordsOf('s6').map((record, index) => ({ id: federatedId(ente.clave, String(record.id)), ente: ente.clave, rank, index, record })))
  }, 120_000)
  afterAll(async () => await federation?.close())

  const ids = (records: readonly AnyRecord[]): string[] => records.map(r => String(r.id))
  const selected = (query: Query): Located[] => all.filter(r => matchesQuery(system, r.record, query))

  async function search (body: unknown): Promise<{ pagination: { page: number, pageSize: number, totalRows: number, hasNextPage: boolean }, results: AnyRecord[] }> {
    const answer = await postJson(`${federation.gatewayUrl}${SEARCH}`, body, auth)
    expect(answer.status, `${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`).toBe(200)
    expect(answer.headers['x-see-incomplete'], JSON.stringify(body)).toBeUndefined()
    expect(schemaErrors(official('contratacionesAbiertas'), answer.body)).toEqual([])
    return answer.body
  }

  async function crawl (body: { query?: Query, sort?: Sort }, pageSize: number): Promise<AnyRecord[]> {
    const records: AnyRecord[] = []
    for (let page = 1; page <= 200; page++) {
      const answer = await search({ ...body, page, pageSize })
      expect(answer.pagination).toEqual({ page, pageSize, totalRows: answer.pagination.totalRows, hasNextPage: page * pageSize < answer.pagination.totalRows })
      records.push(...answer.results)
      if (!answer.pagination.hasNextPage) {
        expect(records).toHaveLength(answer.pagination.totalRows)
        return records
      }
      expect(answer.results).toHaveLength(pageSize)
    }
    throw new Error('more than 200 pages')
  }

  async function expectSelection (query: Query, expected: Located[]): Promise<void> {
    const answer = await search({ pageSize: 200, query })
    expect(answer.pagination.totalRows, JSON.stringify(query)).toBe(expected.length)
    expect(ids(answer.results), JSON.stringify(query)).toEqual(expected.map(r => r.id))
  }

  it('speaks both protocols, and every simulated release is valid against SESNA\'s OCDS 1.1.5 release schema', () => {
    expect(entes.map(e => e.protocol).sort()).toEqual([...PROTOCOLS].sort())
    expect(all.length).toBe(SIZES.reduce((a, b) => a + b, 0))
    for (const { record } of all) expect(schemaErrors(ocds.release, record), String(record.id)).toEqual([])
    // Several releases per process, through every stage.
    const byOcid = new Map<string, number>()
    for (const { record } of all) byOcid.set(String(record.ocid), (byOcid.get(String(record.ocid)) ?? 0) + 1)
    expect(Math.max(...byOcid.values())).toBe(5)
    expect(new Set(all.flatMap(r => r.record.tag as string[]))).toEqual(new Set(['planning', 'tender', 'award', 'contract', 'implementation']))
  })

  it('federates both protocols as one: every release once at pageSize 1, 7 and 200, in ente order, valid OCDS', async () => {
    for (const pageSize of [1, 7, 200]) {
      const records = await crawl({}, pageSize)
      expect(ids(records), `pageSize ${pageSize}`).toEqual(all.map(r => r.id))
      if (pageSize === 200) for (const record of records) expect(schemaErrors(ocds.release, record)).toEqual([])
    }
  })

  it('sorts across entes of both protocols and pages exactly, by every sort field both ways', async () => {
    for (const field of Object.keys(system.sorts)) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = { [field]: direction } as Sort
        const expected = [...all].sort((a, b) => compareRecords(system, sort, a.record, b.record) || a.rank - b.rank || a.index - b.index)
        expect(ids(await crawl({ sort }, 9)), `${field} ${direction}`).toEqual(expected.map(r => r.id))
      }
    }
  })

  it('selects exactly what the reference selects for every query key, nested as OCDS nests it', async () => {
    const sample = all.find(r => r.ente === entes[3]!.clave && valuesAt(r.record, 'contracts.title').length > 0)!.record
    for (const [field, spec] of Object.entries(system.filters)) {
      if (spec.kind === 'requester' || spec.kind === 'id') continue
      const values = valuesAt(sample, spec.path)
      expect(values.length, field).toBeGreaterThan(0)
      const value = values.at(-1) as string
      const wanted = spec.kind === 'text' ? value.slice(-12, -2).toUpperCase() : spec.kind === 'anyOf' ? [value] : value
      const query = nestField(field, wanted)
      const expected = selected(query)
      expect(expected.map(r => r.record), field).toContain(sample)
      expect(expected.length, field).toBeLessThan(all.length)
      await expectSelection(query, expected)
    }
    // Several keys at once, and an empty value means no filter.
    const both = { ...nestField('tender.procurementMethod', ['open', 'selective']), ...nestField('awards.status', ['active']), buyer: { name: '' } }
    await expectSelection(both, selected(both))
  })

  it('takes date bounds inclusively, a bare date as the upper bound covering its whole day', async () => {
    const starts = all.flatMap(r => valuesAt(r.record, 'tender.tenderPeriod.startDate')).map(String).sort()
    const middle = starts[Math.floor(starts.length / 2)]!
    const from = selected(nestField('tender.tenderPeriod.startDate', middle))
    expect(from.some(r => valuesAt(r.record, 'tender.tenderPeriod.startDate').includes(middle))).toBe(true)
    await expectSelection(nestField('tender.tenderPeriod.startDate', middle), from)
    const ends = all.flatMap(r => valuesAt(r.record, 'tender.tenderPeriod.endDate')).map(String).sort()
    const end = ends[Math.floor(ends.length / 3)]!
    const day = end.slice(0, 10)
    // Every end date is at 23:59: the bare day keeps it, the day's first instant does not.
    const byDay = selected(nestField('tender.tenderPeriod.endDate', day))
    expect(byDay.some(r => valuesAt(r.record, 'tender.tenderPeriod.endDate').includes(end))).toBe(true)
    expect(selected(nestField('tender.tenderPeriod.endDate', `${day}T00:00:00Z`)).length).toBeLessThan(byDay.length)
    await expectSelection(nestField('tender.tenderPeriod.endDate', day), byDay)
    const dates = all.map(r => String(r.record.date)).sort()
    const window = { since: dates[10]!, until: dates[40]!.slice(0, 10) }
    await expectSelection(window, selected(window))
  })

  it('answers bad bodies with 400 or 422 and a Spanish {code, message}', async () => {
    const bad: unknown[] = [
      { page: 0 },
      { pageSize: 201 },
      { query: { tender: { procurementMethod: ['subasta'] } } },
      { query: { since: 'ayer' } },
      { query: { awards: { estatus: ['active'] } } },
      { sort: { tender: 'asc' } },
      '{"page":'
    ]
    for (const body of bad) {
      const answer = await postJson(`${federation.gatewayUrl}${SEARCH}`, body, auth)
      expect([400, 422], JSON.stringify(body)).toContain(answer.status)
      expect(schemaErrors(official('resError'), answer.body)).toEqual([])
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'message'])
    }
  })

  describe('OCDS publishing', () => {
    it('pages every release as release packages in date order, linked by links.next, each valid', async () => {
      const releases: AnyRecord[] = []
      let url: string | undefined = `${federation.gatewayUrl}${SEARCH}/entregas?pageSize=40`
      for (let pages = 0; url !== undefined; pages++) {
        expect(pages).toBeLessThan(10)
        const answer = await getJson(url.replace(/^https?:\/\/[^/]+/, federation.gatewayUrl), auth)
        expect(answer.status).toBe(200)
        expect(schemaErrors(ocds.releasePackage, answer.body)).toEqual([])
        expect(answer.body).toMatchObject({ version: '1.1', publisher: { name: expect.any(String) }, license: expect.stringMatching(/^https:/) })
        releases.push(...answer.body.releases)
        url = answer.body.links?.next
      }
      expect(ids(releases)).toEqual(ids(releasesByDate(all.map(r => ({ ...r.record, id: r.id }) as unknown as MergeableRelease))))
    })

    it('gives a process\' record package, its compiled release by the OCDS merge rules over the releases of every ente', async () => {
      const ocid = String(all.find(r => r.index === 0 && r.rank === 3)!.record.ocid)
      const releases = all.filter(r => r.record.ocid === ocid).map(r => ({ ...r.record, id: r.id }) as unknown as MergeableRelease)
      expect(releases.length).toBeGreaterThan(1)
      const answer = await getJson(`${federation.gatewayUrl}${SEARCH}/registros/${ocid}`, auth)
      expect(answer.status).toBe(200)
      expect(schemaErrors(ocds.recordPackage, answer.body)).toEqual([])
      const [record] = answer.body.records
      expect(record.ocid).toBe(ocid)
      expect(ids(record.releases)).toEqual(ids(releasesByDate(releases)))
      expect(record.compiledRelease).toEqual(compileRelease(releases))
      expect(schemaErrors(ocds.release, record.compiledRelease)).toEqual([])
      expect(answer.body.packages).toEqual([expect.stringContaining(`${SEARCH}/entregas/${ocid}`)])

      const own = await getJson(`${federation.gatewayUrl}${SEARCH}/entregas/${ocid}`, auth)
      expect(own.status).toBe(200)
      expect(schemaErrors(ocds.releasePackage, own.body)).toEqual([])
      expect(ids(own.body.releases).sort()).toEqual(ids(releases).sort())
    })

    it('answers an unknown or malformed ocid with {code, message}, and no token with 401', async () => {
      const unknown = await getJson(`${federation.gatewayUrl}${SEARCH}/registros/ocds-sim7ch-NOEXISTE-1`, auth)
      expect(unknown.status).toBe(404)
      expect(unknown.body.code).toBe('SEE_OCID_NO_ENCONTRADO')
      const malformed = await getJson(`${federation.gatewayUrl}${SEARCH}/entregas/no%20es%20ocid`, auth)
      expect([400, 422]).toContain(malformed.status)
      expect(Object.keys(malformed.body).sort()).toEqual(['code', 'message'])
      expect((await getJson(`${federation.gatewayUrl}${SEARCH}/entregas`)).status).toBe(401)
    })
  })
})
