import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SYSTEMS, isPrivatePath, type SystemProfile } from '@see/systems'
import { recordsCsv } from '../../src/portal/export.js'
import { PortalInputError, searchForm, searchOfUrl, urlOfSearch, type UrlQuery } from '../../src/portal/form.js'
import { enteStatus } from '../../src/portal/ente-status.js'
import { parseIncomplete } from '../../src/portal/public-client.js'

// The portal's forms come from the profiles and the query schemas: every federated system gets
// one, every filter a control, and a search survives the trip through its permanent URL.

function queryOf (params: URLSearchParams): UrlQuery {
  const query: UrlQuery = {}
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key)
    query[key] = values.length === 1 ? values[0] : values
  }
  return query
}

describe.each(SYSTEMS.map(system => ({ system, name: system.pdnId })))('the search form of $name', ({ system }: { system: SystemProfile }) => {
  const form = searchForm(system)

  // The portal is a public client: the API refuses it a filter or sort on a private field.
  const isPublic = (path: string): boolean => !isPrivatePath(path, system.privateFields)

  it('has a labelled control for every public filter but the requester, and two choices per public sort', () => {
    const filters = Object.entries(system.filters).filter(([, spec]) => spec.kind !== 'requester' && (!('path' in spec) || isPublic(spec.path))).map(([name]) => name)
    expect(form.fields.map(field => field.name).sort()).toEqual(filters.sort())
    for (const field of form.fields) expect(field.label.trim()).not.toBe('')
    const sorts = Object.entries(system.sorts).filter(([, path]) => isPublic(path)).map(([field]) => field)
    expect(form.sorts.map(choice => choice.value).sort()).toEqual(sorts.flatMap(field => [`${field}:asc`, `${field}:desc`]).sort())
  })

  it('gives back the same search from its permanent URL', () => {
    const sort = fc.option(fc.constantFrom(...form.sorts.map(choice => choice.value)), { nil: undefined })
    const texts = form.fields.filter(field => field.kind === 'text').map(field => field.name)
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(10, 25, 50, 100), sort, fc.dictionary(fc.constantFrom(...texts), fc.string({ minLength: 1, maxLength: 20 }).filter(s => s.trim() === s && !s.includes(','))), (page, pageSize, order, query) => {
      const search = { page, pageSize, query, ...(order !== undefined && { sort: { [order.split(':')[0]!]: order.split(':')[1] as 'asc' | 'desc' } }) }
      expect(searchOfUrl(system, form, queryOf(urlOfSearch(form, search)))).toEqual(search)
    }))
  })

  it('refuses a page, page size or sort it cannot ask for', () => {
    expect(() => searchOfUrl(system, form, { pagina: '0' })).toThrow(PortalInputError)
    expect(() => searchOfUrl(system, form, { tamano: '201' })).toThrow(PortalInputError)
    expect(() => searchOfUrl(system, form, { orden: 'noExiste:asc' })).toThrow(PortalInputError)
  })
})

describe('the CSV export', () => {
  it('writes one column per field path and neutralises cells a spreadsheet would run', () => {
    const csv = recordsCsv([{ id: 'A:1', nombre: '=HYPERLINK("http://x")', tipo: [{ clave: 'I' }, { clave: 'M' }] }, { id: 'A:2', extra: '+1' }])
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n')
    expect(lines[0]).toBe('id,nombre,tipo.clave,extra')
    expect(lines[1]).toBe('A:1,"\'=HYPERLINK(""http://x"")",I; M,')
    expect(lines[2]).toBe("A:2,,,'+1")
  })
})

describe('the status of an answer', () => {
  it('reads x-see-incomplete and sorts the entes into answered, failed with a reason, and in maintenance', () => {
    const failed = parseIncomplete('B=ENTE_TIMEOUT,Z=ENTE_X')
    const status = enteStatus([
      { clave: 'A', nombre: 'Ente A', stage: 'produccion' },
      { clave: 'B', nombre: 'Ente B', stage: 'produccion' },
      { clave: 'C', nombre: 'Ente C', stage: 'mantenimiento' },
      { clave: 'D', nombre: 'Ente D', stage: 'pruebas' }
    ], failed)
    expect(status.answered.map(e => e.clave)).toEqual(['A'])
    expect(status.failed.map(e => [e.clave, e.reason])).toEqual([['B', 'no respondió a tiempo'], ['Z', 'falló (ENTE_X)']])
    expect(status.maintenance.map(e => e.clave)).toEqual(['C'])
  })
})
