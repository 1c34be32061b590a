import { describe, expect, it } from 'vitest'
import { systemById } from '@see/systems'
import { assembleDirectusSearch, DirectusProtocolError, planDirectusSearch, runDirectusSearch, type DirectusSearchPlan } from '../../../src/protocols/directus-v2/index.js'
import { S2_MAPPING, S3P_MAPPING, S3S_MAPPING } from '@see/systems'
import { VOWEL_FORMS } from '../../../src/protocols/directus-v2/text.js'
import { inProcess, uuidOf, type Collections } from './support.js'

const s2 = systemById('s2')
const s3s = systemById('s3s')
const s3p = systemById('s3p')

const graves = (names: string[], ente = 'Secretaría de Hacienda'): Collections['x'] => names.map((nombres, index) => ({
  id: uuidOf(31, index),
  datosGenerales: { nombres, primerApellido: 'Ruiz' },
  empleoCargoComision: { nombreEntePublico: ente, denominacion: 'Director' },
  tipoSancion: [{ clave: index % 2 === 0 ? 'SUSPENSION' : 'SANCION_ECONOMICA' }]
}))

const noGraves = (count: number, ente = 'Secretaría de Hacienda'): Collections['x'] => Array.from({ length: count }, (_, index) => ({
  id: uuidOf(32, index),
  datosGenerales: { nombres: 'José', primerApellido: 'Ruiz', sexo: 'HOMBRE' },
  empleoCargoComision: { nombreEntePublico: ente },
  tipoSancion: [{ clave: 'AMONESTACION' }]
}))

function plan (result: ReturnType<typeof planDirectusSearch>): DirectusSearchPlan {
  if ('unsupported' in result) throw new Error(result.unsupported)
  return result
}

const ids = (result: Awaited<ReturnType<typeof runDirectusSearch>>): unknown[] => 'results' in result ? result.results.map(record => record.id) : [result.unsupported]

describe('text filters under the reference semantics', () => {
  it('find every accent form of every vowel, in any case, with ñ kept apart from n', async () => {
    const forms = Object.values(VOWEL_FORMS).flat()
    const names = [...forms.map(form => `x${form}y`), ...forms.map(form => `X${form.toUpperCase()}Y`), 'Núñez', 'Nunez']
    const fetch = inProcess({ faltas_administrativas_graves: graves(names) })
    for (const vowel of 'aeiou') {
      const found = await runDirectusSearch(s3s, S3S_MAPPING, { pageSize: 200, query: { nombres: `x${vowel}y` } }, fetch)
      expect('results' in found && found.results.map(record => (record.servidorPublicoSancionado as { nombres: string }).nombres.toLowerCase())).toEqual(
        names.filter(name => name.length === 3 && VOWEL_FORMS[vowel]!.includes(name[1]!.toLowerCase())).map(name => name.toLowerCase()))
    }
    const nunez = await runDirectusSearch(s3s, S3S_MAPPING, { query: { nombres: 'NÚÑEZ' } }, fetch)
    expect(nunez).toMatchObject({ totalRows: 1, results: [{ servidorPublicoSancionado: { nombres: 'Núñez' } }] })
  })

  it('take %, _ and \\ literally although Directus would read them as LIKE syntax', async () => {
    const entes = ['Instituto 100% Chiapas', 'Instituto 1000 Chiapas', 'Comité_de_Agua', 'Comité de Agua', 'Fiscalía \\ General', 'Fiscalía  General']
    const fetch = inProcess({ faltas_administrativas_graves: entes.flatMap((ente, index) => graves(['Ana'], ente).map(item => ({ ...item, id: uuidOf(31, index) }))) })
    const entesFound = async (text: string): Promise<unknown[]> => {
      const found = await runDirectusSearch(s3s, S3S_MAPPING, { query: { institucionDependencia: text } }, fetch)
      return 'results' in found ? found.results.map(record => (record.institucionDependencia as { nombre: string }).nombre) : [found.unsupported]
    }
    expect(await entesFound('100%')).toEqual(['Instituto 100% Chiapas'])
    expect(await entesFound('é_d')).toEqual(['Comité_de_Agua'])
    expect(await entesFound('a \\ g')).toEqual(['Fiscalía \\ General'])
    const sent = plan(planDirectusSearch(s3s, S3S_MAPPING, { query: { institucionDependencia: '100%' } }))
    expect(sent.requests[0]?.params.filter).not.toContain('%')
  })

  it('find a persona física by a name that spans nombres and primerApellido', async () => {
    const fetch = inProcess({
      faltas_graves_personas_fisicas: [
        { id: uuidOf(41, 1), datosGenerales: { nombres: 'José', primerApellido: 'Pérez' } },
        { id: uuidOf(41, 2), datosGenerales: { nombres: 'José Pérez', primerApellido: 'Luna' } },
        { id: uuidOf(41, 3), datosGenerales: { nombres: 'José', primerApellido: 'López' } }
      ]
    })
    const search = { query: { nombreRazonSocial: 'jose perez' } }
    expect(plan(planDirectusSearch(s3p, S3P_MAPPING, search)).stage.kind).toBe('scan-first')
    expect(ids(await runDirectusSearch(s3p, S3P_MAPPING, search, fetch))).toEqual([`pf-${uuidOf(41, 1)}`, `pf-${uuidOf(41, 2)}`])
    expect(ids(await runDirectusSearch(s3p, S3P_MAPPING, { query: { nombreRazonSocial: 'lópez' } }, fetch))).toEqual([`pf-${uuidOf(41, 3)}`])
    // Short enough to be sent whole, but its space may fall between two fields.
    const short = { query: { nombreRazonSocial: 'É P' } }
    expect(plan(planDirectusSearch(s3p, S3P_MAPPING, short)).stage.kind).toBe('scan-first')
    expect(ids(await runDirectusSearch(s3p, S3P_MAPPING, short, fetch))).toEqual([`pf-${uuidOf(41, 1)}`, `pf-${uuidOf(41, 2)}`])
  })

  it('keep a URL short: a text with many vowels becomes a superset filtered locally', () => {
    const long = plan(planDirectusSearch(s2, S2_MAPPING, { query: { nombres: 'maria guadalupe', primerApellido: 'gutierrez' } }, { maxFilterLength: 3000 }))
    expect(long.stage.kind).toBe('scan-first')
    expect(long.requests[0]!.params.filter!.length).toBeLessThan(3000)
    const short = plan(planDirectusSearch(s2, S2_MAPPING, { query: { nombres: 'jose' } }))
    expect(short.stage.kind).toBe('page-first')
    expect(JSON.parse(short.requests[0]!.params.filter!)._or).toHaveLength(VOWEL_FORMS.o!.length * VOWEL_FORMS.e!.length)
  })
})

describe('which collections a query reaches', () => {
  it('asks only faltas graves for a name (faltas no graves publish none)', () => {
    const byName = plan(planDirectusSearch(s3s, S3S_MAPPING, { query: { nombres: 'jose' } }))
    expect(byName.requests.map(request => request.collection)).toEqual(['faltas_administrativas_graves'])
    const byEnte = plan(planDirectusSearch(s3s, S3S_MAPPING, { query: { institucionDependencia: 'salud' } }))
    expect(byEnte.requests.map(request => request.collection)).toEqual(['faltas_administrativas_graves', 'faltas_administrativas_no_graves'])
  })

  it('chooses the S3P collection by tipoPersona, and none for an unknown one', async () => {
    expect(plan(planDirectusSearch(s3p, S3P_MAPPING, { query: { tipoPersona: 'M' } })).requests.map(request => request.collection)).toEqual(['faltas_graves_personas_morales'])
    const none = plan(planDirectusSearch(s3p, S3P_MAPPING, { query: { tipoPersona: 'X' } }))
    expect(none.requests).toEqual([])
    expect(assembleDirectusSearch(none, [])).toEqual({ totalRows: 0, results: [] })
  })

  it('translates claves to the v2 codes of each collection, relationally for tipoSancion', () => {
    const sanciones = plan(planDirectusSearch(s3s, S3S_MAPPING, { query: { tipoSancion: ['O', 'M'] } }))
    expect(sanciones.requests.map(request => JSON.parse(request.params.filter!))).toEqual([
      { tipoSancion: { clave: { _in: ['OTRO'] } } },
      { tipoSancion: { clave: { _in: ['OTRO', 'AMONESTACION'] } } }
    ])
    const procedimientos = plan(planDirectusSearch(s2, S2_MAPPING, { query: { tipoProcedimiento: [1, 5] } }))
    expect(JSON.parse(procedimientos.requests[0]!.params.filter!)).toEqual({ tipoProcedimiento: { _in: ['CONTRATACION_PUBLICA'] } })
    expect(plan(planDirectusSearch(s2, S2_MAPPING, { query: { tipoProcedimiento: [5] } })).requests).toEqual([])
  })

  it('reports a filter on a field no collection publishes instead of answering «nobody»', () => {
    for (const [profile, mapping, field] of [[s2, S2_MAPPING, 'curp'], [s2, S2_MAPPING, 'rfc'], [s3s, S3S_MAPPING, 'rfc']] as const) {
      const result = planDirectusSearch(profile, mapping, { query: { [field]: 'PEPJ' } })
      expect(result).toEqual({ unsupported: expect.stringContaining(`no publica «${field}»`) })
    }
    expect(planDirectusSearch(s2, S2_MAPPING, { query: { curp: '', rfcSolicitante: 'XAXX010101000' } })).not.toHaveProperty('unsupported')
  })
})

describe('ids', () => {
  it('route a tagged id to its collection and an untagged one (single collection) as it is', () => {
    const tagged = plan(planDirectusSearch(s3s, S3S_MAPPING, { query: { id: `ng-${uuidOf(32, 4)}`, nombres: 'ignorado' } }))
    expect(tagged.requests).toHaveLength(1)
    expect(tagged.requests[0]).toMatchObject({ collection: 'faltas_administrativas_no_graves', params: { filter: JSON.stringify({ id: { _eq: uuidOf(32, 4) } }) } })
    const plain = plan(planDirectusSearch(s2, S2_MAPPING, { query: { id: uuidOf(2, 9) } }))
    expect(plain.requests[0]?.params.filter).toBe(JSON.stringify({ id: { _eq: uuidOf(2, 9) } }))
  })

  it('never send what cannot be a key: an unknown tag or a non-canonical uuid matches nothing', () => {
    const lettered = 'abcdef01-0000-4000-8000-00000000000a'
    expect(plan(planDirectusSearch(s3s, S3S_MAPPING, { query: { id: `g-${lettered}` } })).requests).toHaveLength(1)
    for (const id of ['x-1', `G-${lettered}`, `g-${lettered.toUpperCase()}`, 'g-12', lettered]) {
      expect(plan(planDirectusSearch(s3s, S3S_MAPPING, { query: { id } })).requests).toEqual([])
    }
  })
})

describe('paging across collections laid end to end', () => {
  const collections = { faltas_administrativas_graves: graves(['A', 'B', 'C']), faltas_administrativas_no_graves: noGraves(4) }

  it('asks the first collection for the page and the others for their counts, then only the slices needed', async () => {
    const first = plan(planDirectusSearch(s3s, S3S_MAPPING, { page: 2, pageSize: 2 }))
    expect(first.requests.map(request => request.params)).toEqual([
      { fields: '*.*.*', sort: 'id', limit: '2', offset: '2', meta: 'filter_count' },
      { fields: '*.*.*', sort: 'id', limit: '0', meta: 'filter_count' }
    ])
    const fetch = inProcess(collections)
    const step = assembleDirectusSearch(first, await Promise.all(first.requests.map(fetch)))
    if (!('next' in step)) throw new Error('a second round was expected')
    expect(step.next.requests.map(request => [request.collection, request.params.offset, request.params.limit])).toEqual([['faltas_administrativas_no_graves', undefined, '1']])
    const done = assembleDirectusSearch(step.next, await Promise.all(step.next.requests.map(fetch)))
    expect(done).toMatchObject({ totalRows: 7, results: [{ id: `g-${uuidOf(31, 2)}` }, { id: `ng-${uuidOf(32, 0)}` }] })
  })

  it('answers a page inside the first collection in one round, and S2 always in one', async () => {
    const fetch = inProcess(collections)
    const first = plan(planDirectusSearch(s3s, S3S_MAPPING, { page: 1, pageSize: 3 }))
    expect(assembleDirectusSearch(first, await Promise.all(first.requests.map(fetch)))).toMatchObject({ totalRows: 7 })
    expect(plan(planDirectusSearch(s2, S2_MAPPING, { page: 40, pageSize: 50 })).requests).toHaveLength(1)
  })

  it('crawls every record once', async () => {
    const fetch = inProcess(collections)
    const seen: unknown[] = []
    for (let page = 1; page <= 4; page++) seen.push(...ids(await runDirectusSearch(s3s, S3S_MAPPING, { page, pageSize: 2 }, fetch)))
    expect(seen).toHaveLength(7)
    expect(new Set(seen).size).toBe(7)
  })
})

describe('sorting', () => {
  it('sorts locally in Spanish collation, because Directus sorts by the database collation', async () => {
    const fetch = inProcess({ faltas_administrativas_graves: graves(['Ñandú', 'Nube', 'óscar', 'Oso', 'ana']) })
    const sorted = await runDirectusSearch(s3s, S3S_MAPPING, { pageSize: 10, sort: { nombres: 'asc' } }, fetch, { chunkSize: 2 })
    expect('results' in sorted && sorted.results.map(record => (record.servidorPublicoSancionado as { nombres: string }).nombres)).toEqual(['ana', 'Nube', 'Ñandú', 'óscar', 'Oso'])
  })

  it('puts ties in collection order, then by id', async () => {
    const fetch = inProcess({ faltas_administrativas_graves: graves(['B', 'B']), faltas_administrativas_no_graves: noGraves(2) })
    const found = await runDirectusSearch(s3s, S3S_MAPPING, { sort: { institucionDependencia: 'desc' } }, fetch)
    expect(ids(found)).toEqual([`g-${uuidOf(31, 0)}`, `g-${uuidOf(31, 1)}`, `ng-${uuidOf(32, 0)}`, `ng-${uuidOf(32, 1)}`])
  })

  it('declines a sort over more candidates than maxScanRows, saying how to narrow it', async () => {
    const fetch = inProcess({ faltas_administrativas_graves: graves(['A', 'B', 'C']), faltas_administrativas_no_graves: noGraves(3) })
    const declined = await runDirectusSearch(s3s, S3S_MAPPING, { sort: { nombres: 'asc' } }, fetch, { maxScanRows: 5 })
    expect(declined).toEqual({ unsupported: expect.stringMatching(/colación en español.*6 registros.*máximo es 5.*sin ordenamiento/) })
  })
})

describe('answers that are not Directus\'s', () => {
  it('are ENTE_BAD_SHAPE, including a page shorter than the count says', async () => {
    const first = plan(planDirectusSearch(s2, S2_MAPPING, { pageSize: 5 }))
    expect(() => assembleDirectusSearch(first, [{ data: [] }])).toThrow(DirectusProtocolError)
    expect(() => assembleDirectusSearch(first, [{ data: [{ id: uuidOf(2, 1) }], meta: { filter_count: 3 } }])).toThrow(/devolvió 1 registros donde se esperaban 3/)
    try {
      assembleDirectusSearch(first, [[]])
    } catch (error) {
      expect(error).toMatchObject({ code: 'ENTE_BAD_SHAPE' })
    }
  })
})

describe('items without a primary key', () => {
  it('are all counted and returned with id "" (for the service to drop), sorted or not', async () => {
    const fetch = inProcess({ servidores_intervengan_procedimientos_contrataciones: [{ datosGenerales: { nombre: 'Ana' } }, { datosGenerales: { nombre: 'Beto' } }] })
    const sorts: Array<Record<string, 'asc' | 'desc'>> = [{}, { nombres: 'desc' }]
    for (const sort of sorts) {
      const found = await runDirectusSearch(s2, S2_MAPPING, { sort }, fetch)
      expect(found).toMatchObject({ totalRows: 2, results: [{ id: '' }, { id: '' }] })
    }
  })
})
