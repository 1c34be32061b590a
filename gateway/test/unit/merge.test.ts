import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { mergeSorted } from '../../src/federation/merge.js'

const byValue = (a: number, b: number) => a - b

describe('mergeSorted', () => {
  it('breaks ties by ente rank and keeps each ente\'s own order', () => {
    const merged = mergeSorted([
      { ente: 'B', rank: 1, records: [1, 2] },
      { ente: 'A', rank: 0, records: [2, 3] }
    ], byValue, 10)
    expect(merged.map(m => `${m.ente}${m.record}`)).toEqual(['B1', 'A2', 'B2', 'A3'])
  })
  it('emits every record once, in order, up to the limit (property)', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.nat(20))), fc.nat(100), (lists, limit) => {
      const streams = lists.map((records, rank) => ({ ente: `E${rank}`, rank, records: [...records].sort(byValue) }))
      const merged = mergeSorted(streams, byValue, limit)
      const all = lists.flat().sort(byValue)
      expect(merged.map(m => m.record)).toEqual(all.slice(0, limit))
    }))
  })
})
