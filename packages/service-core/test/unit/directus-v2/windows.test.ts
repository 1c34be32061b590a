import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { windowsOf } from '../../../src/protocols/directus-v2/index.js'

describe('collections laid end to end', () => {
  it('cover exactly the requested slice of the concatenation, in order', () => {
    fc.assert(fc.property(fc.array(fc.nat(30), { maxLength: 4 }), fc.nat(100), fc.integer({ min: 1, max: 40 }), (lengths, start, length) => {
      const lists = lengths.map((size, list) => Array.from({ length: size }, (_, index) => `${list}:${index}`))
      const expected = lists.flat().slice(start, start + length)
      const got = windowsOf(lengths, start, length).flatMap(window => (lists[window.list] ?? []).slice(window.offset, window.offset + window.length))
      expect(got).toEqual(expected)
    }))
  })

  it('skip empty lists and lists before or after the slice', () => {
    expect(windowsOf([3, 0, 4], 2, 3)).toEqual([{ list: 0, offset: 2, length: 1 }, { list: 2, offset: 0, length: 2 }])
    expect(windowsOf([3, 4], 10, 5)).toEqual([])
  })
})
