import { describe, expect, it } from 'vitest'
import { countsAgainstEnte } from '../../src/resilience/breaker.js'
import { RecentLatencies } from '../../src/resilience/latency.js'
import { RESILIENCE_DEFAULTS, resilienceSettings } from '../../src/resilience/options.js'
import { isTransient } from '../../src/resilience/retry.js'
import { classifyNetworkError } from '../../src/ente-client/network-errors.js'
import { EnteCallError, OUTCOME_ERRORS, type OutcomeErrorCode } from '../../src/outcome-errors.js'

const live = new AbortController().signal

function networkFailure (code: string): EnteCallError {
  return classifyNetworkError(Object.assign(new Error('x'), { code }), live)
}

describe('isTransient (what may be retried)', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])('retries the connection failure %s', code => {
    expect(isTransient(networkFailure(code))).toBe(true)
  })

  it.each(['UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UND_ERR_HEADERS_TIMEOUT', 'HPE_INVALID_CONSTANT'])('does not retry %s', code => {
    expect(isTransient(networkFailure(code))).toBe(false)
  })

  it.each([[429, true], [502, true], [503, true], [504, true], [500, false], [501, false], [404, false], [302, false]])('HTTP %i → %s', (status, expected) => {
    expect(isTransient(new EnteCallError('ENTE_HTTP_ERROR', undefined, { status }))).toBe(expected)
  })

  it('never retries a timeout, a refused query or an oversized answer', () => {
    for (const code of ['ENTE_TIMEOUT', 'ENTE_REJECTED_QUERY', 'ENTE_RESPONSE_TOO_LARGE', 'ENTE_AUTH_FAILED'] as const) {
      expect(isTransient(new EnteCallError(code, undefined, { status: 503 }))).toBe(false)
    }
    expect(isTransient(new Error('other'))).toBe(false)
  })
})

describe('countsAgainstEnte (what the breaker counts)', () => {
  const notCounted = new Set(['ENTE_REJECTED_QUERY', 'ENTE_INTERNAL', 'ENTE_UNKNOWN', 'ENTE_CIRCUIT_OPEN', 'ENTE_OVERLOADED'])
  it.each(Object.keys(OUTCOME_ERRORS) as OutcomeErrorCode[])('%s', code => {
    expect(countsAgainstEnte(new EnteCallError(code))).toBe(!notCounted.has(code))
  })

  it('ignores errors that are not outcomes', () => {
    expect(countsAgainstEnte(new TypeError('bug'))).toBe(false)
  })
})

describe('RecentLatencies', () => {
  it('has no median before the first sample', () => {
    expect(new RecentLatencies().p50()).toBeUndefined()
  })

  it('gives the median of the recent samples, forgetting the oldest', () => {
    const latencies = new RecentLatencies()
    for (const ms of [30, 10, 20]) latencies.record(ms)
    expect(latencies.p50()).toBe(20)
    for (let i = 0; i < 32; i++) latencies.record(500)
    expect(latencies.p50()).toBe(500)
  })
})

describe('resilienceSettings', () => {
  it('fills the defaults and ignores options given as undefined', () => {
    expect(resilienceSettings({ breakerResetMs: 5, retryDelayMs: undefined })).toEqual({ ...RESILIENCE_DEFAULTS, breakerResetMs: 5 })
  })
})
