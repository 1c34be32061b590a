import { describe, expect, it } from 'vitest'
import { enteProfile, simulatedSystem } from '@see/ente-simulator'
import { SYSTEMS, matchesQuery, textAt, type AnyRecord, type SystemProfile } from '@see/systems'
import { filteredPage, firstSortField, firstTextFilter, pageOf, sortedPage } from '../../lib/bodies.js'
import { searchUrl } from '../../lib/search.js'

/** Records a simulated ente (with the fleet's first ente's institutions) serves for `system`. */
function recordsOf (system: SystemProfile): readonly AnyRecord[] {
  return simulatedSystem(system.id).generate({ seed: 7, size: 50, instituciones: enteProfile(0).instituciones })
}

describe('an unsorted page', () => {
  it('is page and pageSize alone, which every system\'s request accepts', () => {
    expect(pageOf(1000)).toEqual({ page: 1000, pageSize: 10 })
    expect(pageOf(1, 50)).toEqual({ page: 1, pageSize: 50 })
  })
})

describe.each(SYSTEMS.map(system => [system.id, system] as const))('request bodies of %s, built from its profile', (_id, system) => {
  it('searches at the profile\'s search path', () => {
    expect(searchUrl('http://127.0.0.1:9', system)).toBe(`http://127.0.0.1:9${system.paths.search}`)
  })

  it('sorts ascending by the profile\'s first sort field', () => {
    const field = Object.keys(system.sorts)[0]!
    expect(firstSortField(system)).toBe(field)
    const { label, body } = sortedPage(system, 100)
    expect(body).toEqual({ page: 100, pageSize: 10, sort: { [field]: 'asc' } })
    expect(label).toContain(field)
  })

  it('filters by the profile\'s first text filter with a word a served record holds, so the filter matches it', () => {
    const { field, path } = firstTextFilter(system)
    expect(system.filters[field]).toEqual({ kind: 'text', path })
    expect(Object.values(system.filters).findIndex(spec => spec.kind === 'text')).toBe(Object.keys(system.filters).indexOf(field))
    for (const record of recordsOf(system)) {
      const filtered = filteredPage(system, record)!
      const word = filtered.body.query![field] as string
      expect(word).not.toMatch(/\s/)
      expect(textAt(record, path)!.startsWith(word)).toBe(true)
      expect(matchesQuery(system, record, filtered.body.query)).toBe(true)
      expect(filtered.body).toMatchObject({ page: 1, pageSize: 10 })
    }
  })

  it('has no filtered body for a record without text at the filter\'s path', () => {
    expect(filteredPage(system, { id: '1' })).toBeUndefined()
  })
})
