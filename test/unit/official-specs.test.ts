import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { officialS2, officialS3P, officialS3S, PDN_SPECS_DIR, schemaErrors } from '../support/official-specs.js'

describe('official S2 validators', () => {
  const s2 = officialS2()
  it('accept the sample derived from the official examples', () => {
    const sample = JSON.parse(readFileSync(resolve(PDN_SPECS_DIR, 'samples/derived-from-oas-examples/s2-spic.response.json'), 'utf8'))
    expect(schemaErrors(s2('resSpic'), sample)).toEqual([])
  })
  it('accept an honest empty page (NOTES.md §7 defect patched) and reject a record missing required fields', () => {
    expect(schemaErrors(s2('resSpic'), { pagination: { pageSize: 10, page: 1, totalRows: 0, hasNextPage: false }, results: [] })).toEqual([])
    expect(s2('resSpic')({ pagination: { pageSize: 10, page: 1, totalRows: 1, hasNextPage: false }, results: [{ id: 'x' }] })).toBe(false)
  })
})

describe('official S3S and S3P validators', () => {
  const read = (name: string): unknown => JSON.parse(readFileSync(resolve(PDN_SPECS_DIR, `samples/derived-from-oas-examples/${name}.response.json`), 'utf8'))
  const empty = { pagination: { pageSize: 10, page: 1, totalRows: 0, hasNextPage: false }, results: [] }
  const s3s = officialS3S()
  const s3p = officialS3P()

  it('accept the samples derived from the official examples and an honest empty page (S3S totalRows defect patched)', () => {
    expect(schemaErrors(s3s('ssancionados'), read('s3s-ssancionados'))).toEqual([])
    expect(schemaErrors(s3p('resParticularesSancionados'), read('s3p-psancionados'))).toEqual([])
    expect(schemaErrors(s3s('ssancionados'), empty)).toEqual([])
    expect(schemaErrors(s3p('resParticularesSancionados'), empty)).toEqual([])
  })

  it('expose the result item as `record` and reject one missing required fields', () => {
    expect(s3s('record')({ id: '1' })).toBe(false)
    expect(s3p('record')({ id: '1' })).toBe(false)
    expect(s3s('records')([])).toBe(true)
  })
})
