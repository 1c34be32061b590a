import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../../src/ente-client/retry-after.js'

const NOW = Date.parse('2025-03-01T12:00:00Z')

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0)
    expect(parseRetryAfter(' 3 ', NOW)).toBe(3000)
    expect(parseRetryAfter(['2', '9'], NOW)).toBe(2000)
  })

  it('reads an HTTP-date as the time left until it', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:05 GMT', NOW)).toBe(5000)
    expect(parseRetryAfter('Saturday, 01-Mar-25 12:00:02 GMT', NOW)).toBe(2000)
  })

  it('treats a date already past as no wait', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:59:00 GMT', NOW)).toBe(0)
  })

  it.each([[undefined], [''], ['soon'], ['1.5'], ['-1'], ['2025-03-01'], ['Someday']])('ignores %j', header => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined()
  })
})
