import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { pagesForWindow, windowsForPage } from '../../src/federation/windows.js'

describe('windowsForPage', () => {
  const counts = [{ ente: 'A', totalRows: 5 }, { ente: 'B', totalRows: 0 }, { ente: 'C', totalRows: 7 }]
  it('spans two entes and skips empty ones', () => {
    expect(windowsForPage(counts, 2, 4)).toEqual([{ ente: 'A', offset: 4, length: 1 }, { ente: 'C', offset: 0, length: 3 }])
  })
  it('returns nothing past the end', () => {
    expect(windowsForPage(counts, 4, 4)).toEqual([])
  })
  it('covers every record exactly once across all pages (property)', () => {
    fc.assert(fc.property(fc.array(fc.nat(50), { maxLength: 8 }), fc.integer({ min: 1, max: 30 }), (sizes, pageSize) => {
      const cs = sizes.map((totalRows, i) => ({ ente: `E${i}`, totalRows }))
      const total = sizes.reduce((a, b) => a + b, 0)
      const seen: string[] = []
      for (let page = 1; page <= Math.ceil(total / pageSize) + 1; page++) {
        for (const w of windowsForPage(cs, page, pageSize)) {
          for (let k = 0; k < w.length; k++) seen.push(`${w.ente}:${w.offset + k}`)
        }
      }
      const expected = cs.flatMap(c => Array.from({ length: c.totalRows }, (_, k) => `${c.ente}:${k}`))
      expect(seen).toEqual(expected)
    }))
  })
})

describe('pagesForWindow', () => {
  it('uses one aligned page when possible', () => {
    expect(pagesForWindow(20, 10)).toEqual({ requests: [{ page: 3, pageSize: 10 }], skip: 0 })
  })
  it('always yields pages that contain the window (property)', () => {
    fc.assert(fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 200 }), (offset, length) => {
      const plan = pagesForWindow(offset, length)
      const first = plan.requests[0]!
      const coveredFrom = (first.page - 1) * first.pageSize
      const coveredTo = plan.requests.reduce((end, r) => Math.max(end, r.page * r.pageSize), 0)
      expect(plan.requests.every(r => r.pageSize >= 1 && r.pageSize <= 200 && r.page >= 1)).toBe(true)
      expect(coveredFrom + plan.skip).toBe(offset)
      expect(coveredTo).toBeGreaterThanOrEqual(offset + length)
      if (plan.requests.length === 2) expect(plan.requests[1]!.page).toBe(first.page + 1)
    }))
  })
})
