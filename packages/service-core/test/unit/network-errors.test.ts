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
    ['ECONNREFUSED', 'ENTE_UNREACHABLE', 'rechazó la conexión'],
    ['ECONNRESET', 'ENTE_UNREACHABLE', 'la conexión se cortó'],
    ['ENOTFOUND', 'ENTE_UNREACHABLE', 'su nombre de dominio no existe'],
    ['UND_ERR_SOCKET', 'ENTE_UNREACHABLE', 'la conexión se cortó'],
    ['UND_ERR_CONNECT_TIMEOUT', 'ENTE_UNREACHABLE', 'la conexión no se estableció a tiempo'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'ENTE_UNREACHABLE', 'su certificado TLS no es de una autoridad reconocida'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'ENTE_UNREACHABLE', 'la conexión TLS falló'],
    ['UND_ERR_HEADERS_TIMEOUT', 'ENTE_TIMEOUT', 'no comenzó a enviar su respuesta a tiempo'],
    ['UND_ERR_BODY_TIMEOUT', 'ENTE_TIMEOUT', 'dejó de enviar su respuesta a medias'],
    ['HPE_INVALID_CONSTANT', 'ENTE_MALFORMED_RESPONSE', 'la respuesta no es HTTP válido'],
    ['ERR_SOMETHING_ELSE', 'ENTE_INTERNAL', 'error de red no clasificado']
  ])('maps %s to %s, says it in Spanish words and keeps the network code out of the message', (code, expected, words) => {
    const error = classifyNetworkError(Object.assign(new Error('x'), { code }), live)
    expect(error.code).toBe(expected)
    expect(error.message).toContain(`(${words}`)
    expect(error.message).not.toContain(code)
    expect(error.toOutcomeError().message).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/)
    expect(error.networkCode).toBe(code)
  })

  it('reads the code of the first attempt of a happy-eyeballs AggregateError', () => {
    expect(codeFor(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe('ENTE_UNREACHABLE')
  })

  it('treats an error without a code as an internal defect', () => {
    expect(codeFor(new TypeError('bug'))).toBe('ENTE_INTERNAL')
  })
})
