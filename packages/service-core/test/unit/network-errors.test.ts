import { describe, expect, it } from 'vitest'
import { classifyNetworkError } from '../../src/ente-client/network-errors.js'
import { EnteCallError } from '../../src/outcome-errors.js'

const live = new AbortController().signal

function codeFor (err: unknown, signal: AbortSignal = live): string {
  return classifyNetworkError(err, signal).code
}

describe('classifyNetworkError', () => {
  it('reports a passed deadline as ENTE_TIMEOUT whatever the abort surfaced as', () => {
    expect(codeFor(new Error('aborted'), AbortSignal.abort())).toBe('ENTE_TIMEOUT')
  })

  it('keeps errors that already carry an outcome code', () => {
    expect(codeFor(new EnteCallError('ENTE_RESPONSE_TOO_LARGE'), AbortSignal.abort())).toBe('ENTE_RESPONSE_TOO_LARGE')
  })

  it.each([
    ['ECONNREFUSED', 'ENTE_UNREACHABLE'],
    ['ECONNRESET', 'ENTE_UNREACHABLE'],
    ['ENOTFOUND', 'ENTE_UNREACHABLE'],
    ['UND_ERR_SOCKET', 'ENTE_UNREACHABLE'],
    ['UND_ERR_CONNECT_TIMEOUT', 'ENTE_UNREACHABLE'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'ENTE_UNREACHABLE'],
    ['UND_ERR_HEADERS_TIMEOUT', 'ENTE_TIMEOUT'],
    ['UND_ERR_BODY_TIMEOUT', 'ENTE_TIMEOUT'],
    ['HPE_INVALID_CONSTANT', 'ENTE_MALFORMED_RESPONSE'],
    ['ERR_SOMETHING_ELSE', 'ENTE_INTERNAL']
  ])('maps %s to %s and names the network code', (code, expected) => {
    const error = classifyNetworkError(Object.assign(new Error('x'), { code }), live)
    expect(error.code).toBe(expected)
    expect(error.message).toContain(code)
  })

  it('reads the code of the first attempt of a happy-eyeballs AggregateError', () => {
    expect(codeFor(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe('ENTE_UNREACHABLE')
  })

  it('treats an error without a code as an internal defect', () => {
    expect(codeFor(new TypeError('bug'))).toBe('ENTE_INTERNAL')
  })
})
