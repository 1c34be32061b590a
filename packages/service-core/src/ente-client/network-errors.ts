import { EnteCallError } from '../outcome-errors.js'

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
const MALFORMED_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_INFO'])
const UNREACHABLE_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
])

function codeOf (err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') return code
  // Happy-eyeballs connects report every attempt inside an AggregateError.
  if (err instanceof AggregateError) return codeOf(err.errors[0])
  return undefined
}

/**
 * Maps what undici or the socket threw to an outcome code. An aborted deadline signal wins over
 * whatever error the abort surfaced as; the network code goes into the message for operators.
 */
export function classifyNetworkError (err: unknown, deadline: AbortSignal): EnteCallError {
  if (err instanceof EnteCallError) return err
  if (deadline.aborted) return new EnteCallError('ENTE_TIMEOUT')
  const code = codeOf(err)
  if (code === undefined) return new EnteCallError('ENTE_INTERNAL')
  const facts = { networkCode: code }
  // The SSRF guard refused the address: say which rule, it names no secret.
  if (code === 'REGISTRY_UNSAFE_URL') return new EnteCallError('ENTE_UNREACHABLE', `(${(err as Error).message})`, facts)
  if (TIMEOUT_CODES.has(code)) return new EnteCallError('ENTE_TIMEOUT', `(${code})`, facts)
  if (MALFORMED_CODES.has(code) || code.startsWith('HPE_')) return new EnteCallError('ENTE_MALFORMED_RESPONSE', `(${code})`, facts)
  if (UNREACHABLE_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return new EnteCallError('ENTE_UNREACHABLE', `(${code})`, facts)
  }
  return new EnteCallError('ENTE_INTERNAL', `(${code})`, facts)
}
