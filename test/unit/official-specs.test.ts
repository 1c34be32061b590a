import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { officialS2, PDN_SPECS_DIR, schemaErrors } from '../support/official-specs.js'

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
