import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ocdsReleaseSchemaFile } from '@see/openapi'
import { compileRelease, OMIT_WHEN_MERGED, releasesByDate, WHOLE_LIST_MERGE, type MergeableRelease } from '../../src/index.js'

// The OCDS merge rules on the standard's own cases (OCDS 1.1 "Merging") and on its fictional
// example (SESNA's copy in ../shared/pdn-specs/samples/s6-ocds/: six releases and the record with
// the compiled release the standard's tooling made of them).

const specs = process.env.PDN_SPECS_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/pdn-specs')
const sample = (file: string): any => JSON.parse(readFileSync(resolve(specs, 'samples/s6-ocds', file), 'utf8'))

/** The release schema's fields that carry a merge keyword. */
function fieldsWith (keyword: string): string[] {
  const found = new Set<string>()
  const walk = (node: unknown, field: string): void => {
    if (typeof node !== 'object' || node === null) return
    if ((node as Record<string, unknown>)[keyword] === true) found.add(field)
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' || key === 'definitions') for (const [name, child] of Object.entries(value as object)) walk(child, name)
      else walk(value, field)
    }
  }
  walk(ocdsReleaseSchemaFile(), '')
  return [...found].sort()
}

const release = (date: string, fields: Record<string, unknown>): MergeableRelease => ({ ocid: 'ocds-x-1', id: `r-${date}`, date, tag: ['tender'], initiationType: 'tender', ...fields })

describe('the OCDS merge rules', () => {
  it('reads its merge keywords as the release schema marks them', () => {
    expect(fieldsWith('omitWhenMerged')).toEqual([...OMIT_WHEN_MERGED].sort())
    expect(fieldsWith('wholeListMerge')).toEqual([...WHOLE_LIST_MERGE].sort())
  })

  it('takes releases by date whatever order they come in, the latest value winning', () => {
    const compiled = compileRelease([
      release('2024-03-01T00:00:00Z', { tender: { title: 'Última' } }),
      release('2024-01-01T00:00:00Z', { tender: { title: 'Primera', status: 'planning' } })
    ])
    expect(compiled).toEqual({ ocid: 'ocds-x-1', id: 'ocds-x-1-2024-03-01T00:00:00Z', date: '2024-03-01T00:00:00Z', tag: ['compiled'], initiationType: 'tender', tender: { title: 'Última', status: 'planning' } })
    expect(releasesByDate([release('2024-02-01T00:00:00Z', {}), release('2024-01-01T00:00:00Z', {})]).map(r => r.date)).toEqual(['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'])
  })

  it('removes a field a later release sets to null', () => {
    const compiled = compileRelease([release('2024-01-01T00:00:00Z', { tender: { title: 'A', description: 'B' } }), release('2024-02-01T00:00:00Z', { tender: { description: null } })])
    expect(compiled.tender).toEqual({ title: 'A' })
  })

  it('merges arrays of objects by id, appending new ids, and replaces arrays without ids and whole-list arrays', () => {
    const compiled = compileRelease([
      release('2024-01-01T00:00:00Z', { awards: [{ id: 'a1', status: 'pending', value: { amount: 10 } }], tender: { submissionMethod: ['electronicSubmission', 'written'], items: [{ id: 'i1', additionalClassifications: [{ scheme: 'CPV', id: '1' }, { scheme: 'CPV', id: '2' }] }] } }),
      release('2024-02-01T00:00:00Z', { awards: [{ id: 'a2', status: 'pending' }, { id: 'a1', status: 'active' }], tender: { submissionMethod: ['inPerson'], items: [{ id: 'i1', additionalClassifications: [{ scheme: 'CPV', id: '3' }] }] } })
    ])
    expect(compiled.awards).toEqual([{ id: 'a1', status: 'active', value: { amount: 10 } }, { id: 'a2', status: 'pending' }])
    expect(compiled.tender).toEqual({ submissionMethod: ['inPerson'], items: [{ id: 'i1', additionalClassifications: [{ scheme: 'CPV', id: '3' }] }] })
  })

  it('refuses releases of two processes and an empty list', () => {
    expect(() => compileRelease([release('2024-01-01T00:00:00Z', {}), { ...release('2024-01-02T00:00:00Z', {}), ocid: 'ocds-x-2' }])).toThrow(RangeError)
    expect(() => compileRelease([])).toThrow(RangeError)
  })

  it('compiles the fictional example into the record the standard publishes', () => {
    const releases = sample('ocds-213czf-000-00001.json').releases as MergeableRelease[]
    const record = sample('record-ocds-213czf-000-00001.json').records[0]
    expect(releases).toHaveLength(6)
    expect(compileRelease(releases)).toEqual(record.compiledRelease)
    expect(compileRelease([...releases].reverse())).toEqual(record.compiledRelease)
  })
})
