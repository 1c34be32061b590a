import { EnteCallError } from '../outcome-errors.js'

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
const MALFORMED_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_INFO'])
const UNREACHABLE_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
])

const UNTRUSTED_CERTIFICATE = '(su certificado TLS no es de una autoridad reconocida)'

/** What each network code means, in the words of whoever reads the outcome; the code stays in `networkCode`. */
const NETWORK_DETAILS: Record<string, string> = {
  UND_ERR_HEADERS_TIMEOUT: '(no comenzó a enviar su respuesta a tiempo)',
  UND_ERR_BODY_TIMEOUT: '(dejó de enviar su respuesta a medias)',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: '(la respuesta no mide lo que anunció)',
  UND_ERR_HEADERS_OVERFLOW: '(los encabezados de la respuesta son demasiado grandes)',
  UND_ERR_INFO: '(respondió con un estado HTTP 1xx inesperado)',
  UND_ERR_CONNECT_TIMEOUT: '(la conexión no se estableció a tiempo)',
  ETIMEDOUT: '(la conexión no se estableció a tiempo)',
  ECONNREFUSED: '(rechazó la conexión: nada atiende en esa dirección y puerto)',
  ECONNRESET: '(la conexión se cortó)',
  EPIPE: '(la conexión se cortó)',
  UND_ERR_SOCKET: '(la conexión se cortó)',
  UND_ERR_CLOSED: '(la conexión se cerró antes de la respuesta)',
  UND_ERR_DESTROYED: '(la conexión se cerró antes de la respuesta)',
  ENOTFOUND: '(su nombre de dominio no existe)',
  EAI_AGAIN: '(su nombre de dominio no se pudo resolver por ahora)',
  EHOSTUNREACH: '(no hay ruta de red hasta su dirección)',
  ENETUNREACH: '(no hay ruta de red hasta su dirección)',
  DEPTH_ZERO_SELF_SIGNED_CERT: UNTRUSTED_CERTIFICATE,
  SELF_SIGNED_CERT_IN_CHAIN: UNTRUSTED_CERTIFICATE,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED_CERTIFICATE,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED_CERTIFICATE,
  CERT_HAS_EXPIRED: '(su certificado TLS expiró)',
  ERR_TLS_CERT_ALTNAME_INVALID: '(su certificado TLS no corresponde a su nombre de dominio)'
}

function detailOf (code: string): string {
  const known = NETWORK_DETAILS[code]
  if (known !== undefined) return known
  if (code.startsWith('HPE_')) return '(la respuesta no es HTTP válido)'
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return '(la conexión TLS falló)'
  return '(error de red no clasificado)'
}

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
 * whatever error the abort surfaced as. The message says in Spanish what happened; the network
 * code itself is kept in `networkCode` (the retry policy decides on it) and never shown.
 */
export function classifyNetworkError (err: unknown, deadline: AbortSignal): EnteCallError {
  if (err instanceof EnteCallError) return err
  if (deadline.aborted) return new EnteCallError('ENTE_TIMEOUT')
  const code = codeOf(err)
  if (code === undefined) return new EnteCallError('ENTE_INTERNAL')
  const facts = { networkCode: code }
  // The SSRF guard refused the address: say which rule, it names no secret.
  if (code === 'REGISTRY_UNSAFE_URL') return new EnteCallError('ENTE_UNREACHABLE', `(${(err as Error).message})`, facts)
  const detail = detailOf(code)
  if (TIMEOUT_CODES.has(code)) return new EnteCallError('ENTE_TIMEOUT', detail, facts)
  if (MALFORMED_CODES.has(code) || code.startsWith('HPE_')) return new EnteCallError('ENTE_MALFORMED_RESPONSE', detail, facts)
  if (UNREACHABLE_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return new EnteCallError('ENTE_UNREACHABLE', detail, facts)
  }
  return new EnteCallError('ENTE_INTERNAL', detail, facts)
}
