import type { Fault } from '@see/ente-simulator'

/** The stable code a service gives each simulated ente fault (NOTES: an ente that keeps answering 401 is an auth failure). */
export const FAULT_CODES: Readonly<Record<Exclude<Fault, 'none'>, string>> = {
  down: 'ENTE_UNREACHABLE',
  hang: 'ENTE_TIMEOUT',
  'slow-body': 'ENTE_TIMEOUT',
  'error-500': 'ENTE_HTTP_ERROR',
  'malformed-json': 'ENTE_MALFORMED_RESPONSE',
  'wrong-shape': 'ENTE_BAD_SHAPE',
  'expired-token': 'ENTE_AUTH_FAILED',
  'huge-body': 'ENTE_RESPONSE_TOO_LARGE'
}
