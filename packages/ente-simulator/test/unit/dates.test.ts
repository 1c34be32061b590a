import { describe, expect, it } from 'vitest'
import { addDays, addMonths } from '../../src/data/dates.js'

// The integer calendar arithmetic against the platform's Date, over sixty years of days.
const DAY_MS = 86_400_000
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

describe('calendar arithmetic', () => {
  it('adds and subtracts days as Date does, across month, year and leap-day boundaries', () => {
    for (let ms = Date.UTC(1965, 0, 1); ms < Date.UTC(2030, 0, 1); ms += 5 * DAY_MS) {
      for (const days of [-400, -29, -1, 0, 1, 28, 365]) expect(addDays(`${isoOf(ms)}T12:34:56Z`, days)).toBe(isoOf(ms + days * DAY_MS))
    }
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01')
  })

  it('adds months as Date.setUTCMonth does, a day past the month’s end rolling over', () => {
    for (let ms = Date.UTC(1965, 0, 1); ms < Date.UTC(2030, 0, 1); ms += 3 * DAY_MS) {
      for (const months of [1, 3, 12, 18, 120]) {
        const expected = new Date(ms)
        expected.setUTCMonth(expected.getUTCMonth() + months)
        expect(addMonths(isoOf(ms), months)).toBe(isoOf(expected.getTime()))
      }
    }
    expect(addMonths('2024-01-31', 1)).toBe('2024-03-02')
  })
})
