import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet, FAULTS, type Fault, type SimulatedProvider } from '@see/ente-simulator'
import { compareSpanish, federatedId } from '@see/sesna'
import { compareRecords, SYSTEMS, isPrivatePath, matchesQuery, privilegedScope, removePrivateFields, textAt, valuesAt, type AnyRecord, type Query, type Sort } from '@see/systems'
import { bearerWithScopes } from '../support/clients.js'
import { getJson, postJson, type JsonAnswer } from '../support/http.js'
import { schemaErrors } from '../support/official-specs.js'
import { contractOf } from '../support/provisional-specs.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { FAULT_CODES } from '../support/faults.js'

// The public contract of every federated system, proved through the real gateway, the system's
// service and simulated entes, against the reference semantics of `@see/systems` and the system's
// official SESNA schema. The list of systems is the profiles': a new system is covered by adding
// its profile (and, if its spec is new, its official validators in test/support/official-specs.ts;
// a provisional state standard is read from its document in openapi/).

/** Records per ente: different sizes, so ente boundaries fall inside pages. One ente per fault. */
const SIZES = [12, 3, 40, 17, 5, 9, 4, 7]
const PAGE_SIZES = [1, 7, 200]
const MAX_PAGES = 200
/** The services' cap on an ente answer: well above any real page (S1's large records included), well below the default, so the huge-body case moves a few megabytes, not eleven, and cannot run into the deadline on a busy machine. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024
const BREAKER_RESET_MS = 200
const FAULTY = FAULTS.filter((fault): fault is Exclude<Fault, 'none'> => fault !== 'none')

/** One record as the federation must publish it, with where it comes from. */
interface Located {
  id: string
  ente: string
  /** Place of the ente in the federation order (by clave). */
  rank: number
  /** Place of the record in its ente's own order. */
  index: number
  record: AnyRecord
}

/** Vowel accents off (ñ kept), as a PDN user may type a name. */
function withoutAccents (text: string): string {
  return text.normalize('NFD').replace(/([aeiou])[\u0300\u0301\u0308]/gi, '$1').normalize('NFC')
}

/** Queries and sorts as the standard nests them (S1's `datosEmpleoCargoComision.nombreEntePublico`), merged in the order given. */
function nested (...entries: Array<[string, unknown]>): any {
  const merged: Record<string, any> = {}
  for (const [field, value] of entries) {
    const steps = field.split('.')
    let at = merged
    for (const step of steps.slice(0, -1)) at = at[step] ??= {}
    at[steps.at(-1)!] = value
  }
  return merged
}

/** A fresh requester for each query that must not reuse a cached count. */
function uniqueRequester (): string {
  return `XAXX${randomBytes(4).toString('hex').toUpperCase().slice(0, 6)}000`
}

describe.each(SYSTEMS.map(system => ({ system, id: system.id })))('the $id contract through the real gateway, service and simulated entes', ({ system }) => {
  const official = contractOf(system)
  const searchPath = system.paths.search
  let federation: TestFederation
  let auth: Record<string, string>
  /** The simulated entes in federation order (by clave). */
  let entes: SimulatedProvider[]
  let all: Located[]

  beforeAll(async () => {
    const providers = defaultFleet(SIZES.length, { systems: [system.id], seed: 11 }).map((p, i) => ({ ...p, size: SIZES[i]!, hugeBodyBytes: MAX_ANSWER_BYTES + 1024 * 1024 }))
    // Two entes share an institution: the merged catalogue must list it once.
    providers[3]!.instituciones = [...providers[3]!.instituciones!, providers[0]!.instituciones![0]!]
    // A short breaker reset: a hung ente's timeouts open its breaker within its case (3 in a row), and
    // the next case must find it closed again (see the faults' finally).
    federation = await startTestFederation('system-contract', { entes: providers, systems: [system], settings: { deadlineMs: 1500, pageCache: false }, resilience: { breakerResetMs: BREAKER_RESET_MS }, maxResponseBytes: MAX_ANSWER_BYTES })
    expect(federation.registry.seeded.filter(s => s.stage !== 'produccion')).toEqual([])
    // A privileged client (it may filter on private fields); without rfcSolicitante the entes still publish public fields only.
    auth = await bearerWithScopes(federation, [system.scope, privilegedScope(system)])
    entes = [...federation.simulator.providers].sort((a, b) => a.clave < b.clave ? -1 : a.clave > b.clave ? 1 : 0)
    all = entes.flatMap((ente, rank) => ente.recordsOf(system.id).map((record, index) => ({ id: federatedId(ente.clave, String(record.id)), ente: ente.clave, rank, index, record })))
  })
  afterAll(async () => await federation?.close())

  const withRequester = (body: { query?: Query, [key: string]: unknown }, rfcSolicitante: string): Record<string, unknown> =>
    system.requester === 'body' ? { ...body, rfcSolicitante } : { ...body, query: { ...body.query, rfcSolicitante } }

  /** A search that must answer 200, complete and valid against the official schema. */
  async function search (body: unknown): Promise<{ pagination: { page: number, pageSize: number, totalRows: number, hasNextPage: boolean }, results: AnyRecord[] }> {
    const answer = await postJson(`${federation.gatewayUrl}${searchPath}`, body, auth)
    expect(answer.status, `${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`).toBe(200)
    expect(answer.headers['x-see-incomplete'], JSON.stringify(body)).toBeUndefined()
    expect(schemaErrors(official.response, answer.body)).toEqual([])
    return answer.body
  }

  /** Every page of a search, checking the pagination of each; the records in the order served. */
  async function crawl (body: { query?: Query, sort?: Sort }, pageSize: number): Promise<{ records: AnyRecord[], pages: string[][] }> {
    const records: AnyRecord[] = []
    const pages: string[][] = []
    let totalRows: number | undefined
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await search({ ...body, page, pageSize })
      totalRows ??= answer.pagination.totalRows
      expect(answer.pagination).toEqual({ page, pageSize, totalRows, hasNextPage: page * pageSize < totalRows })
      records.push(...answer.results)
      pages.push(answer.results.map(r => String(r.id)))
      if (!answer.pagination.hasNextPage) {
        expect(records).toHaveLength(totalRows)
        return { records, pages }
      }
      expect(answer.results).toHaveLength(pageSize)
    }
    throw new Error(`more than ${MAX_PAGES} pages`)
  }

  const ids = (records: readonly AnyRecord[]): string[] => records.map(r => String(r.id))
  const selected = (query: Query): Located[] => all.filter(r => matchesQuery(system, r.record, query))
  const published = (located: readonly Located[]): AnyRecord[] => located.map(r => {
    // As the entes publish it without rfcSolicitante: the public version.
    const record = structuredClone({ ...r.record, id: r.id })
    removePrivateFields(record, system.privateFields)
    return record
  })

  /** The gateway's whole answer to a filter, in one page, against what the reference selects. */
  async function expectSelection (query: Query, expected: Located[]): Promise<void> {
    const answer = await search({ pageSize: 200, query })
    expect(answer.pagination.totalRows, JSON.stringify(query)).toBe(expected.length)
    expect(ids(answer.results), JSON.stringify(query)).toEqual(expected.map(r => r.id))
  }

  describe('exact paging across entes', () => {
    it('crawls every record exactly once at pageSize 1, 7 and 200, in ente order, totalRows the sum of the entes\' totals', async () => {
      const totals = entes.map(e => e.recordsOf(system.id).length)
      expect(new Set(totals).size).toBeGreaterThan(4)
      for (const pageSize of PAGE_SIZES) {
        const { records } = await crawl({}, pageSize)
        expect(records.length, `pageSize ${pageSize}`).toBe(totals.reduce((a, b) => a + b, 0))
        expect(records, `pageSize ${pageSize}`).toEqual(published(all))
      }
    })

    it('serves a page that spans two entes, and an empty page past the end', async () => {
      const { pages } = await crawl({}, 7)
      const spanning = pages.filter(page => new Set(page.map(id => id.split(':')[0])).size > 1)
      expect(spanning.length).toBeGreaterThan(0)
      const beyond = await search({ page: pages.length + 1, pageSize: 7 })
      expect(beyond).toEqual({ pagination: { page: pages.length + 1, pageSize: 7, totalRows: all.length, hasNextPage: false }, results: [] })
    })

    it('takes rfcSolicitante where the standard puts it, and it filters nothing', async () => {
      expect((await search(withRequester({ pageSize: 200 }, 'GOAP780710RH7'))).pagination.totalRows).toBe(all.length)
    })
  })

  describe('every filter of the profile, as the reference selects', () => {
    it('has filters of known kinds only (a new kind needs its case here)', () => {
      for (const [field, spec] of Object.entries(system.filters)) expect(['id', 'text', 'anyOf', 'equals', 'range', 'date', 'requester'], field).toContain(spec.kind)
    })

    it('text: a fragment, without accents and upper-cased, finds what the reference finds', async () => {
      for (const [field, spec] of Object.entries(system.filters)) {
        if (spec.kind !== 'text') continue
        const values = all.map(r => textAt(r.record, spec.path)).filter((v): v is string => v !== undefined && v.length >= 6)
        expect(values.length, field).toBeGreaterThan(0)
        // Prefer a value with an accented vowel: the fragment then proves accent-insensitivity.
        const sample = values.find(v => withoutAccents(v) !== v) ?? values[0]!
        const accent = [...sample].findIndex((c, i) => withoutAccents(c) !== c && i > 0)
        const start = Math.max(0, Math.min(accent > 0 ? accent - 2 : 1, sample.length - 5))
        const fragment = withoutAccents(sample.slice(start, start + 5)).toUpperCase()
        const expected = selected(nested([field, fragment]))
        expect(expected.length, `${field} "${fragment}"`).toBeGreaterThan(0)
        await expectSelection(nested([field, fragment]), expected)
      }
    })

    it('text: ñ stays distinct from n', async () => {
      const textFilters = Object.entries(system.filters).filter(([, spec]) => spec.kind === 'text') as Array<[string, { kind: 'text', path: string }]>
      const withTilde = textFilters.flatMap(([field, spec]) => all.flatMap(r => {
        const value = textAt(r.record, spec.path)
        const at = value?.toLowerCase().indexOf('ñ') ?? -1
        if (value === undefined || at < 0) return []
        const fragment = withoutAccents(value.slice(Math.max(0, at - 2), at + 2)).toUpperCase()
        const twin = fragment.replace(/Ñ/g, 'N')
        // A record whose field holds the fragment with ñ and not its twin with n.
        return matchesQuery(system, r.record, nested([field, twin])) ? [] : [{ field, fragment, twin, located: r }]
      }))
      expect(withTilde.length, `no ${system.id} text field holds an ñ in the simulated data`).toBeGreaterThan(0)
      const { field, fragment, twin, located } = withTilde[0]!
      const tilde = selected(nested([field, fragment]))
      const plain = selected(nested([field, twin]))
      expect(tilde.map(r => r.id)).toContain(located.id)
      expect(plain.map(r => r.id)).not.toContain(located.id)
      await expectSelection(nested([field, fragment]), tilde)
      await expectSelection(nested([field, twin]), plain)
    })

    it('anyOf: a list of claves matches records holding any of them; an empty list filters nothing', async () => {
      for (const [field, spec] of Object.entries(system.filters)) {
        if (spec.kind !== 'anyOf') continue
        const claves = [...new Set(all.flatMap(r => valuesAt(r.record, spec.path)))].sort()
        expect(claves.length, field).toBeGreaterThan(1)
        for (const wanted of [[claves[0]], [claves[0], claves.at(-1)]]) {
          const expected = selected(nested([field, wanted]))
          expect(expected.length, `${field} ${JSON.stringify(wanted)}`).toBeGreaterThan(0)
          expect(expected.length, `${field} ${JSON.stringify(wanted)}`).toBeLessThan(all.length)
          await expectSelection(nested([field, wanted]), expected)
        }
        await expectSelection(nested([field, []]), all)
      }
    })

    it('equals: each value present selects exactly its records', async () => {
      for (const [field, spec] of Object.entries(system.filters)) {
        if (spec.kind !== 'equals') continue
        const values = [...new Set(all.flatMap(r => valuesAt(r.record, spec.path)))]
        expect(values.length, field).toBeGreaterThan(0)
        for (const value of values) await expectSelection(nested([field, value]), selected(nested([field, value])))
      }
    })

    it('range: inclusive bounds, either may be absent', async () => {
      for (const [field, spec] of Object.entries(system.filters)) {
        if (spec.kind !== 'range') continue
        const numbers = all.flatMap(r => valuesAt(r.record, spec.path)).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b)
        expect(numbers.length, field).toBeGreaterThan(0)
        const middle = numbers[Math.floor(numbers.length / 2)]!
        for (const range of [{ min: middle }, { max: middle }, { min: numbers[0], max: middle }]) await expectSelection(nested([field, range]), selected(nested([field, range])))
      }
    })

    it('date: inclusive bounds, on a date-time present in the data and on a bare date (a whole day as the upper bound)', async () => {
      for (const [field, spec] of Object.entries(system.filters)) {
        if (spec.kind !== 'date') continue
        const dates = all.flatMap(r => valuesAt(r.record, spec.path)).filter((v): v is string => typeof v === 'string').sort()
        expect(dates.length, field).toBeGreaterThan(2)
        const middle = dates[Math.floor(dates.length / 2)]!
        for (const wanted of [middle, middle.slice(0, 10), dates[0]!, dates.at(-1)!]) {
          const expected = selected(nested([field, wanted]))
          // The bound itself is in: a record holding exactly that date-time is selected.
          if (wanted.length > 10) expect(expected.some(r => valuesAt(r.record, spec.path).includes(wanted)), `${field} ${wanted}`).toBe(true)
          await expectSelection(nested([field, wanted]), expected)
        }
      }
    })

    it('id: the federated id <clave>:<id> finds its record alone (other filters ignored); an unknown prefix finds nothing', async () => {
      const idField = Object.entries(system.filters).find(([, spec]) => spec.kind === 'id')?.[0]
      expect(idField).toBeDefined()
      const target = all.find(r => r.rank === 2 && r.index === 5)!
      const textField = Object.entries(system.filters).find(([, spec]) => spec.kind === 'text')![0]
      // The reference reads the ente's own id; the federation adds and strips the prefix.
      expect(all.filter(r => r.ente === target.ente && matchesQuery(system, r.record, { [idField!]: target.record.id }))).toEqual([target])
      await expectSelection({ [idField!]: target.id }, [target])
      await expectSelection({ [idField!]: target.id, [textField]: 'NO COINCIDE CON NADA' }, [target])
      for (const missing of [`NOEXISTE:${String(target.record.id)}`, String(target.record.id), `${target.ente}:no-existe`]) {
        await expectSelection({ [idField!]: missing }, [])
      }
    })
  })

  describe('sorting across entes and pages', () => {
    const order = (sort: Sort): Located[] => [...all].sort((a, b) => compareRecords(system, sort, a.record, b.record) || a.rank - b.rank || a.index - b.index)

    it('sorts by every sort field of the profile, asc and desc, as compareRecords does, ties by ente then the ente\'s order', async () => {
      expect(Object.keys(system.sorts).length).toBeGreaterThan(0)
      for (const field of Object.keys(system.sorts)) {
        for (const direction of ['asc', 'desc'] as const) {
          const sort: Sort = nested([field, direction])
          // By a private field, entes publish the values to merge by only to who names itself (rfcSolicitante).
          const body = isPrivatePath(system.sorts[field]!, system.privateFields) ? withRequester({ sort }, 'GOAP780710RH7') : { sort }
          const { records } = await crawl(body, 7)
          expect(ids(records), `${field} ${direction}`).toEqual(order(sort).map(r => r.id))
        }
      }
    })

    it('sorts by two fields in the order given, also with a filter', async () => {
      const [first, second] = Object.keys(system.sorts).reverse()
      const sort: Sort = nested([first!, 'desc'], ...(second !== undefined ? [[second, 'asc'] as [string, unknown]] : []))
      const { records } = await crawl({ sort }, 7)
      expect(ids(records)).toEqual(order(sort).map(r => r.id))

      const [field, spec] = Object.entries(system.filters).find(([, s]) => s.kind === 'anyOf') ?? []
      if (field === undefined || spec?.kind !== 'anyOf') return
      const query = nested([field, [...new Set(all.flatMap(r => valuesAt(r.record, spec.path)))].sort().slice(0, 2)])
      const filtered = await crawl({ sort, query }, 7)
      expect(ids(filtered.records)).toEqual(order(sort).filter(r => matchesQuery(system, r.record, query)).map(r => r.id))
    })
  })

  describe('dependencias', () => {
    it('merges the entes\' institutions without repeats, in Spanish order', async () => {
      if (system.paths.dependencias === undefined) return
      const lists = entes.map(e => e.dependenciasOf(system.id))
      const claves = lists.flat().map(d => d.clave)
      expect(new Set(claves).size, 'two entes share an institution').toBeLessThan(claves.length)
      const unique = new Map<string, (typeof lists)[number][number]>()
      for (const d of lists.flat()) if (!unique.has(d.clave!)) unique.set(d.clave!, d)
      const expected = [...unique.values()].sort((a, b) => compareSpanish(a.nombre ?? '', b.nombre ?? ''))
      const answer = await getJson(`${federation.gatewayUrl}${system.paths.dependencias!}`, auth)
      expect(answer.status).toBe(200)
      expect(answer.headers['x-see-incomplete']).toBeUndefined()
      expect(schemaErrors(official.dependencias, answer.body)).toEqual([])
      expect(answer.body).toEqual(expected)
    })

    it('once the catalogue is known, an institution filter still selects exactly the reference\'s records', async () => {
      const field = system.institutionFilter
      if (field === undefined) return
      // The institution two entes share, and one held by a single ente, each by a fragment of its name.
      const holders = (clave: string | undefined): number => entes.filter(e => e.dependenciasOf(system.id).some(d => d.clave === clave)).length
      const catalogue = entes.flatMap(e => e.dependenciasOf(system.id))
      const shared = catalogue.find(d => holders(d.clave) > 1)
      const single = catalogue.find(d => holders(d.clave) === 1)
      for (const institution of [shared, single]) {
        expect(institution).toBeDefined()
        const fragment = withoutAccents(institution!.nombre!.slice(-12)).toUpperCase()
        const expected = selected({ [field]: fragment })
        expect(expected.length, fragment).toBeGreaterThan(0)
        await expectSelection({ [field]: fragment }, expected)
      }
    })
  })

  describe('bad bodies', () => {
    const expectError = (answer: JsonAnswer, status: number, what: string): void => {
      expect(answer.status, `${what} → ${JSON.stringify(answer.body)}`).toBe(status)
      expect(Object.keys(answer.body).sort(), what).toEqual(['code', 'message'])
      expect(answer.body.code, what).toMatch(/^SEE_[A-Z_]+$/)
      expect(answer.body.message.length, what).toBeGreaterThan(10)
      expect(schemaErrors(official.error, answer.body), what).toEqual([])
    }
    // An object is the wrong type for every scalar filter, text or number (S6's `numberOfTenderers`).
    const wrongType = (kind: string): unknown => kind === 'anyOf' ? 'no es una lista' : kind === 'range' ? 'no es un rango' : { valor: 5 }

    it('answers 400 SEE_MALFORMED_BODY to malformed JSON', async () => {
      const answer = await postJson(`${federation.gatewayUrl}${searchPath}`, '{"page":', auth)
      expectError(answer, 400, 'malformed JSON')
      expect(answer.body.code).toBe('SEE_MALFORMED_BODY')
    })

    it('answers 422 {code, message} to an unknown field, pageSize 201, page 0, a bad sort and a wrong type in any filter', async () => {
      const bodies: Array<[string, unknown]> = [
        ['unknown field', { desconocido: true }],
        ['unknown query field', { query: { desconocido: 'x' } }],
        ['pageSize 201', { pageSize: 201 }],
        ['pageSize 0', { pageSize: 0 }],
        ['page 0', { page: 0 }],
        ['page as text', { page: '1' }],
        ['unknown sort field', { sort: { desconocido: 'asc' } }],
        ['bad sort direction', { sort: { [Object.keys(system.sorts)[0]!]: 'arriba' } }],
        ...Object.entries(system.filters).map(([field, spec]): [string, unknown] =>
          spec.kind === 'requester' && system.requester === 'body'
            ? [`wrong type in ${field}`, { [field]: 5 }]
            : [`wrong type in ${field}`, { query: nested([field, wrongType(spec.kind)]) }])
      ]
      for (const [what, body] of bodies) expectError(await postJson(`${federation.gatewayUrl}${searchPath}`, body, auth), 422, what)
    })
  })

  describe('faults of one ente', () => {
    it('renews an expired token and still answers completely', async () => {
      const ente = entes[1]!
      const before = ente.counters.token
      ente.expireTokens()
      const answer = await search(withRequester({ pageSize: 200 }, uniqueRequester()))
      expect(ids(answer.results)).toEqual(all.map(r => r.id))
      expect(ente.counters.token).toBeGreaterThan(before)
    })

    for (const [index, fault] of FAULTY.entries()) {
      it(`${fault}: a 200 from the others naming the ente as ${FAULT_CODES[fault]}, or 503 SEE_INCOMPLETE_PAGE when it holds records of the page`, async () => {
        // One ente per fault, so that no circuit breaker opened by one case shows in another.
        const broken = entes[index]!
        const warmed = withRequester({ pageSize: 200 }, uniqueRequester())
        await search(warmed)
        // A sorted crawl whose first page counted every ente and fetched one record of each.
        const sorted = withRequester({ sort: { [Object.keys(system.sorts)[0]!]: 'asc' } }, uniqueRequester())
        await search({ ...sorted, page: 1, pageSize: 1 })
        await broken.setFault(fault)
        try {
          const fresh = await postJson(`${federation.gatewayUrl}${searchPath}`, withRequester({ pageSize: 200 }, uniqueRequester()), auth)
          expect(fresh.status, JSON.stringify(fresh.body)).toBe(200)
          expect(schemaErrors(official.response, fresh.body)).toEqual([])
          expect(fresh.headers['x-see-incomplete']).toBe(`${broken.clave}=${FAULT_CODES[fault]}`)
          const others = all.filter(r => r.ente !== broken.clave)
          expect(fresh.body.pagination.totalRows).toBe(others.length)
          expect(ids(fresh.body.results)).toEqual(others.map(r => r.id))

          // Its count is known for this query: the page must hold its records, and cannot.
          const incomplete = await postJson(`${federation.gatewayUrl}${searchPath}`, warmed, auth)
          expect(incomplete.status, JSON.stringify(incomplete.body)).toBe(503)
          expect(incomplete.body).toEqual({ code: 'SEE_INCOMPLETE_PAGE', message: expect.stringContaining(broken.clave) })
          expect(schemaErrors(official.error, incomplete.body)).toEqual([])

          // Sorted, the same: without the counted ente's records the merged page cannot be told right.
          const sortedPage = await postJson(`${federation.gatewayUrl}${searchPath}`, { ...sorted, page: 3, pageSize: 7 }, auth)
          expect(sortedPage.status, `${JSON.stringify(sortedPage.headers['x-see-incomplete'])} ${JSON.stringify(sortedPage.body.pagination ?? sortedPage.body)}`).toBe(503)
          expect(sortedPage.body).toEqual({ code: 'SEE_INCOMPLETE_PAGE', message: expect.stringContaining(broken.clave) })
        } finally {
          await broken.setFault('none')
          // Past the reset time the next call to it is the probe, which the healthy ente passes.
          await sleep(BREAKER_RESET_MS + 50)
        }
      })
    }
  })
})
