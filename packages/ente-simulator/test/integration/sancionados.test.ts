import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ValidateFunction } from 'ajv'
import type { PsancionadosRecord, SsancionadosRecord } from '@see/openapi/types'
import { foldVowels } from '@see/sesna'
import { filtersOfKind, hasPrivateFields, SYSTEM_IDS, systemById, type AnyRecord, type SystemId } from '@see/systems'
import { officialS3P, officialS3S, schemaErrors } from '../../../../test/support/official-specs.js'
import { enteProfile, generateRecords, institutionsOf, seedFromString, SIMULATED_SYSTEMS, startSimulator, type Fault, type SimulatedProvider, type Simulator, type SystemAnswer } from '../../src/index.js'
import { getDependenciasOf, postSearch, postSpic, token } from './client.js'

// A simulated ente serving S3S and S3P (and S2) on one server, queried over real HTTP as the PDN
// does. Expected answers are computed here from each field's own accessor (not from the profile
// the simulator reads), so a wrong path in a profile shows up as a failure.

const SIZE = 250
const HUGE_BYTES = 2 * 1024 * 1024
const ssa = enteProfile(1)
const collator = new Intl.Collator('es')

interface Case {
  system: SystemId
  response: ValidateFunction
  dependencias: ValidateFunction
  error: ValidateFunction
  /** Every text filter, by its own accessor. */
  text: Record<string, (record: any) => string | undefined>
  /** Every sort field, by its own accessor. */
  sorts: Record<string, (record: any) => string | undefined>
  /** A record's sanction claves. */
  sanciones: (record: any) => string[]
  anyOf: string[]
  /** Planted names: the accented/ñ one, its plain twin, and the filter that reads them. */
  planted: { field: string, accented: string, plain: string, loose: Record<string, string> }
  requesterInBody: boolean
  invalidQueries: unknown[]
}

const s3s = officialS3S()
const s3p = officialS3P()
const servidor = (record: SsancionadosRecord): SsancionadosRecord['servidorPublicoSancionado'] => record.servidorPublicoSancionado
const particular = (record: PsancionadosRecord): PsancionadosRecord['particularSancionado'] => record.particularSancionado

const CASES: Case[] = [
  {
    system: 's3s',
    response: s3s('ssancionados'),
    dependencias: s3s('dependencias'),
    error: s3s('resError'),
    text: {
      nombres: r => servidor(r).nombres,
      primerApellido: r => servidor(r).primerApellido,
      segundoApellido: r => servidor(r).segundoApellido,
      rfc: r => servidor(r).rfc,
      curp: r => servidor(r).curp,
      institucionDependencia: r => r.institucionDependencia.nombre
    },
    sorts: {
      rfc: r => servidor(r).rfc,
      curp: r => servidor(r).curp,
      nombres: r => servidor(r).nombres,
      primerApellido: r => servidor(r).primerApellido,
      segundoApellido: r => servidor(r).segundoApellido,
      institucionDependencia: r => r.institucionDependencia.nombre
    },
    sanciones: (r: SsancionadosRecord) => r.tipoSancion.map(t => t.clave),
    anyOf: ['IRSC', 'O'],
    planted: { field: 'primerApellido', accented: 'nuñez', plain: 'Nunez', loose: { nombres: 'JOSE', primerApellido: 'nu' } },
    requesterInBody: false,
    invalidQueries: [{ tipoSancion: ['A'] }, { tipoSancion: 'I' }, { nombres: 5 }, { puesto: 'Director' }, { nombres: 'x'.repeat(201) }]
  },
  {
    system: 's3p',
    response: s3p('resParticularesSancionados'),
    dependencias: s3p('dependencias'),
    error: s3p('resError'),
    text: {
      nombreRazonSocial: r => particular(r).nombreRazonSocial,
      rfc: r => particular(r).rfc,
      institucionDependencia: r => r.institucionDependencia.nombre,
      expediente: r => r.expediente
    },
    sorts: {
      nombreRazonSocial: r => particular(r).nombreRazonSocial,
      rfc: r => particular(r).rfc,
      institucionDependencia: r => r.institucionDependencia.nombre
    },
    sanciones: (r: PsancionadosRecord) => r.tipoSancion.map(t => t.clave ?? ''),
    anyOf: ['A', 'IND'],
    planted: { field: 'nombreRazonSocial', accented: 'peña', plain: 'Constructora Pena', loose: { nombreRazonSocial: 'CONSTRUCTORA PE' } },
    requesterInBody: true,
    invalidQueries: [{ tipoSancion: ['IRSC'] }, { tipoPersona: 'X' }, { rfcSolicitante: 'XAXX010101000' }, { nombres: 'Ana' }]
  }
]

let simulator: Simulator
let provider: SimulatedProvider
let bearer: string

beforeAll(async () => {
  simulator = await startSimulator({
    providers: [{
      clave: ssa.clave,
      nombre: ssa.nombre,
      siglas: ssa.siglas,
      instituciones: ssa.instituciones,
      systems: ['s2', 's3s', 's3p'],
      size: SIZE,
      sizes: { s2: 40 },
      hugeBodyBytes: HUGE_BYTES,
      extraRecordsBySystem: {
        s3s: [{ servidorPublicoSancionado: { nombres: 'José', primerApellido: 'Núñez' } }, { servidorPublicoSancionado: { nombres: 'Jose', primerApellido: 'Nunez' } }],
        s3p: [
          { particularSancionado: { nombreRazonSocial: 'Constructora Peña, S.A. de C.V.', tipoPersona: 'M' } },
          { particularSancionado: { nombreRazonSocial: 'Constructora Pena, S.A. de C.V.', tipoPersona: 'M' } }
        ]
      }
    }]
  })
  provider = simulator.provider(ssa.clave)
  bearer = await token(provider)
})
afterEach(async () => { await provider.setFault('none') })
afterAll(async () => { await simulator.close() })

const byId = (a: AnyRecord, b: AnyRecord): number => String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0
const ids = (records: readonly AnyRecord[]): string[] => records.map(record => String(record.id))

describe.each(CASES)('a simulated ente serving $system', (c) => {
  const profile = systemById(c.system)
  const all = (): AnyRecord[] => [...provider.recordsOf(c.system)]

  async function search (body: unknown): Promise<SystemAnswer<AnyRecord>> {
    const response = await postSearch(provider, c.system, body, bearer)
    expect(response.status, JSON.stringify(body)).toBe(200)
    const answer = await response.json()
    expect(schemaErrors(c.response, answer)).toEqual([])
    return answer as SystemAnswer<AnyRecord>
  }

  /** Every page of a search at pageSize 200, concatenated. */
  async function crawl (body: Record<string, unknown>): Promise<AnyRecord[]> {
    const found: AnyRecord[] = []
    for (let page = 1; ; page++) {
      const answer = await search({ ...body, page, pageSize: 200 })
      found.push(...answer.results)
      if (!answer.pagination.hasNextPage) return found
    }
  }

  /** Who asks, where the standard puts it: with it the ente publishes private fields too (the whole record). */
  const asking = (body: Record<string, any>): Record<string, unknown> =>
    profile.requester === 'body' ? { ...body, rfcSolicitante: 'GOAP780710RH7' } : { ...body, query: { ...body.query, rfcSolicitante: 'GOAP780710RH7' } }

  it('answers page 1 of 10 by default, valid against the official schema, at the standard path', async () => {
    expect(profile.paths.search).toMatch(/^\/v1\/[ps]sancionados$/)
    const answer = await search(asking({}))
    expect(answer.pagination).toEqual({ page: 1, pageSize: 10, totalRows: SIZE + 2, hasNextPage: true })
    expect(answer.results).toEqual(all().slice(0, 10))
    // Without rfcSolicitante, the public version: no private field.
    const anonymous = await search({})
    expect(anonymous.results.filter(record => hasPrivateFields(record, profile.privateFields))).toEqual([])
  })

  it('lets a full crawl at pageSize 200 read every record exactly once, in id order', async () => {
    expect(ids(await crawl({}))).toEqual(ids(all()))
  })

  it('applies every text filter as a case-insensitive substring of its field', async () => {
    expect(Object.keys(c.text).sort()).toEqual(filtersOfKind(profile, 'text').sort())
    const sample = all().find(record => Object.values(c.text).every(read => (read(record)?.length ?? 0) >= 6))!
    for (const [field, read] of Object.entries(c.text)) {
      const wanted = (read(sample) as string).slice(1, 6).toUpperCase()
      const expected = all().filter(record => foldVowels(read(record) ?? '').includes(foldVowels(wanted)))
      expect(ids(expected), field).toContain(String(sample.id))
      const answer = await search({ pageSize: 200, query: { [field]: wanted } })
      expect(answer.pagination.totalRows, field).toBe(expected.length)
      expect(ids(answer.results), field).toEqual(ids(expected).slice(0, 200))
    }
  })

  it('ignores vowel accents and case but keeps ñ distinct from n, on planted records', async () => {
    const [accented, plain] = all().slice(-2).map(record => String(record.id))
    const loose = await search({ pageSize: 200, query: c.planted.loose })
    expect(ids(loose.results)).toEqual(expect.arrayContaining([accented, plain]))
    const withTilde = ids((await search({ pageSize: 200, query: { [c.planted.field]: c.planted.accented } })).results)
    expect(withTilde).toContain(accented)
    expect(withTilde).not.toContain(plain)
    expect(ids((await search({ pageSize: 200, query: { [c.planted.field]: c.planted.plain } })).results)).toEqual([plain])
  })

  it('matches tipoSancion when the record has any of the claves, and ignores an empty list', async () => {
    expect(filtersOfKind(profile, 'anyOf')).toEqual(['tipoSancion'])
    const expected = all().filter(record => c.sanciones(record).some(clave => c.anyOf.includes(clave)))
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(SIZE)
    expect(ids(await crawl({ query: { tipoSancion: c.anyOf } }))).toEqual(ids(expected))
    expect((await search({ query: { tipoSancion: [], [Object.keys(c.text)[0]!]: '' } })).pagination.totalRows).toBe(SIZE + 2)
  })

  it('matches the id exactly and then ignores the other filters', async () => {
    const one = all()[17]!
    const answer = await search(asking({ query: { id: one.id, [Object.keys(c.text)[0]!]: 'no coincide' } }))
    expect(answer.results).toEqual([one])
    expect((await search({ query: { id: String(one.id).slice(0, 3) } })).pagination.totalRows).toBe(0)
  })

  it('sorts by every sort field both ways in Spanish collation, ties by ascending id', async () => {
    expect(Object.keys(c.sorts).sort()).toEqual(Object.keys(profile.sorts).sort())
    for (const [field, read] of Object.entries(c.sorts)) {
      for (const direction of ['asc', 'desc'] as const) {
        const sign = direction === 'asc' ? 1 : -1
        const expected = all().sort((a, b) => sign * collator.compare(read(a) ?? '', read(b) ?? '') || byId(a, b))
        expect(ids(await crawl({ sort: { [field]: direction } })), `${field} ${direction}`).toEqual(ids(expected))
      }
    }
  })

  it('sorts by several fields in the order given', async () => {
    const [first, second] = Object.entries(c.sorts).reverse() as Array<[string, (r: AnyRecord) => string | undefined]>
    const expected = all().sort((a, b) =>
      -collator.compare(first![1](a) ?? '', first![1](b) ?? '') || collator.compare(second![1](a) ?? '', second![1](b) ?? '') || byId(a, b))
    expect(ids(await crawl({ sort: { [first![0]]: 'desc', [second![0]]: 'asc' } }))).toEqual(ids(expected))
  })

  it('pages exactly: small pages add up to the whole answer, hasNextPage is right, past the end is empty', async () => {
    const body = { query: { tipoSancion: c.anyOf }, sort: { institucionDependencia: 'asc' } }
    const whole = await crawl(body)
    const pages = Math.ceil(whole.length / 7)
    const answers = await Promise.all(Array.from({ length: pages }, async (_, i) => await search({ ...body, page: i + 1, pageSize: 7 })))
    expect(answers.flatMap(answer => ids(answer.results))).toEqual(ids(whole))
    expect(answers.map(answer => answer.pagination.hasNextPage)).toEqual(Array.from({ length: pages }, (_, i) => i < pages - 1))
    expect(answers.every(answer => answer.pagination.totalRows === whole.length)).toBe(true)
    expect(await search({ ...body, page: pages + 1, pageSize: 7 })).toMatchObject({ pagination: { totalRows: whole.length, hasNextPage: false }, results: [] })
  })

  it('takes rfcSolicitante where the standard puts it', async () => {
    const rfcSolicitante = 'GOAP780710RH7'
    const body = c.requesterInBody ? { rfcSolicitante } : { query: { rfcSolicitante } }
    expect((await search(body)).pagination.totalRows).toBe(SIZE + 2)
  })

  it('answers 422 {code, message} for out-of-range pages, unknown fields and bad enums', async () => {
    const bad = [
      { page: 0 }, { pageSize: 0 }, { pageSize: 201 }, { page: '2' }, { sort: { [Object.keys(c.sorts)[0]!]: 'up' } }, { sort: { puesto: 'asc' } },
      { extra: true }, ...c.invalidQueries.map(query => ({ query }))
    ]
    for (const body of bad) {
      const response = await postSearch(provider, c.system, body, bearer)
      expect(response.status, JSON.stringify(body)).toBe(422)
      const error = await response.json()
      expect(schemaErrors(c.error, error)).toEqual([])
      expect(error).toMatchObject({ code: 'SEE_VALIDATION' })
    }
  })

  it('serves its dependencias as a bare array of the institutions in its records', async () => {
    const response = await getDependenciasOf(provider, c.system, bearer)
    expect(response.status).toBe(200)
    const dependencias = await response.json() as Array<{ nombre: string }>
    expect(schemaErrors(c.dependencias, dependencias)).toEqual([])
    expect(dependencias).toEqual(provider.dependenciasOf(c.system))
    expect(dependencias).toEqual(institutionsOf(profile, all()))
    expect(new Set(dependencias.map(d => d.nombre))).toEqual(new Set(all().map(r => (r.institucionDependencia as { nombre: string }).nombre)))
  })

  it('asks for a bearer token like the other systems', async () => {
    expect((await postSearch(provider, c.system, {}, 'no-vale')).status).toBe(401)
    expect((await getDependenciasOf(provider, c.system, 'no-vale')).status).toBe(401)
  })

  it('counts its requests on its own and in the provider’s totals', async () => {
    provider.resetCounters()
    await postSearch(provider, c.system, {}, bearer)
    await postSearch(provider, c.system, { page: 0 }, bearer)
    await getDependenciasOf(provider, c.system, bearer)
    expect(provider.countersOf(c.system)).toEqual({ data: 2, dependencias: 1 })
    expect(provider.counters).toEqual({ token: 0, data: 2, dependencias: 1 })
    const other = CASES.find(x => x.system !== c.system)!.system
    expect(provider.countersOf(other)).toEqual({ data: 0, dependencias: 0 })
  })

  describe('faults', () => {
    it.each<Fault>(['error-500', 'expired-token'])('%s: both routes answer the fault’s status with {code, message}', async (fault) => {
      await provider.setFault(fault)
      const status = fault === 'error-500' ? 500 : 401
      for (const response of [await postSearch(provider, c.system, {}, bearer), await getDependenciasOf(provider, c.system, bearer)]) {
        expect(response.status).toBe(status)
        expect(schemaErrors(c.error, await response.json())).toEqual([])
      }
    })

    it('malformed-json: 200 application/json that does not parse', async () => {
      await provider.setFault('malformed-json')
      const response = await postSearch(provider, c.system, {}, bearer)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      await expect(response.json()).rejects.toThrow(SyntaxError)
    })

    it('wrong-shape: totalRows as text and records without their required fields, dependencias wrapped', async () => {
      await provider.setFault('wrong-shape')
      const body = await (await postSearch(provider, c.system, { pageSize: 3 }, bearer)).json() as { pagination: { totalRows: unknown }, results: AnyRecord[] }
      expect(schemaErrors(c.response, body)).not.toEqual([])
      expect(body.pagination.totalRows).toBe(String(SIZE + 2))
      expect(body.results).toHaveLength(3)
      for (const record of body.results) {
        expect(typeof record.id).toBe('number')
        expect(record).not.toHaveProperty('fechaCaptura')
        expect(record).not.toHaveProperty('tipoSancion')
        expect(typeof record.institucionDependencia).toBe('string')
      }
      const dependencias = await (await getDependenciasOf(provider, c.system, bearer)).json()
      expect(schemaErrors(c.dependencias, dependencias)).not.toEqual([])
    })

    it('huge-body: a well-formed answer of megabytes made of the system’s records', async () => {
      await provider.setFault('huge-body')
      const text = await (await postSearch(provider, c.system, {}, bearer)).text()
      expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(HUGE_BYTES)
      const parsed = JSON.parse(text) as { results: AnyRecord[] }
      expect(parsed.results.length).toBeGreaterThan(200)
      expect(parsed.results[0]).toEqual(all()[0])
    })
  })
})

describe('one ente, several systems', () => {
  it('keeps serving S2 with the records an S2-only ente of the same seed has', async () => {
    expect(provider.systems).toEqual(['s2', 's3s', 's3p'])
    expect(provider.records).toEqual(generateRecords({ seed: seedFromString(ssa.clave), size: 40, instituciones: ssa.instituciones }))
    expect(provider.recordsOf('s2')).toBe(provider.records)
    const answer = await (await postSpic(provider, { pageSize: 5 }, bearer)).json() as SystemAnswer<AnyRecord>
    expect(answer.pagination.totalRows).toBe(40)
  })

  it('draws each system’s data from its own seed, and refuses a system it does not serve', async () => {
    expect(provider.recordsOf('s3s')).toHaveLength(SIZE + 2)
    const notServed = SYSTEM_IDS.find(id => !provider.systems.includes(id))!
    expect(() => provider.recordsOf(notServed)).toThrow(/no sirve/)
    const unsimulated = SYSTEM_IDS.find(id => !SIMULATED_SYSTEMS.includes(id))
    // Every system may one day be simulated; until then one that is not is refused by name.
    if (unsimulated !== undefined) await expect(startSimulator({ providers: [{ clave: 'X', nombre: 'X', size: 1, systems: [unsimulated] }] })).rejects.toThrow(new RegExp(`no sirve el sistema «${unsimulated}»`))
    await expect(startSimulator({ providers: [{ clave: 'X', nombre: 'X', size: 1, systems: ['s3s', 's3s'] }] })).rejects.toThrow(/repite/)
  })

  it('serves only S2 when no systems are given, as before', async () => {
    const other = await startSimulator({ providers: [{ clave: 'TJA', nombre: 'Tribunal de Justicia Administrativa del Estado de Chiapas', size: 3 }] })
    try {
      const tja = other.provider('TJA')
      expect(tja.systems).toEqual(['s2'])
      expect((await postSearch(tja, 's3s', {})).status).toBe(404)
      expect((await postSpic(tja, {})).status).toBe(200)
    } finally {
      await other.close()
    }
  })
})
