import type { SearchOutcome } from '@see/openapi/types'

/**
 * Why one ente's part of a batch failed. The codes are stable: the gateway decides on them
 * (circuit breaker, partial answers) and they reach operators' dashboards. Messages are Spanish
 * because the gateway may show them to whoever queried. Never put credentials or the ente's own
 * (untrusted) text in a message.
 */
export const OUTCOME_ERRORS = {
  ENTE_UNKNOWN: 'El ente no está registrado para este sistema.',
  ENTE_TIMEOUT: 'El ente no respondió dentro del tiempo disponible.',
  ENTE_UNREACHABLE: 'No fue posible conectarse con el ente.',
  ENTE_AUTH_FAILED: 'El ente rechazó las credenciales del SEE.',
  ENTE_HTTP_ERROR: 'El ente respondió con un error HTTP.',
  ENTE_MALFORMED_RESPONSE: 'La respuesta del ente no es JSON válido.',
  ENTE_BAD_SHAPE: 'La respuesta del ente no tiene la forma del estándar.',
  ENTE_RESPONSE_TOO_LARGE: 'La respuesta del ente excede el tamaño máximo permitido.',
  ENTE_REJECTED_QUERY: 'El ente rechazó la consulta.',
  /** The ente's protocol cannot apply a filter with the standard's semantics: nothing is answered rather than wrong rows. */
  ENTE_FILTER_UNSUPPORTED: 'El ente no puede aplicar este filtro con la semántica del estándar; acote la búsqueda de otra forma.',
  /** The ente's circuit breaker is open after repeated failures: it was not called. */
  ENTE_CIRCUIT_OPEN: 'El ente falló repetidamente; el SEE dejó de consultarlo por unos segundos antes de volver a intentarlo.',
  /** Too many calls to this ente already in flight (bulkhead): it was not called. */
  ENTE_OVERLOADED: 'El ente tiene demasiadas consultas en curso; intente de nuevo en unos momentos.',
  /** A defect in this service, not the ente's fault; logged at error level. */
  ENTE_INTERNAL: 'Error interno del servicio al consultar el ente.'
} as const

export type OutcomeErrorCode = keyof typeof OUTCOME_ERRORS

export type OutcomeError = NonNullable<SearchOutcome['error']>

/** What is known of how a call failed, beyond its code (the retry policy decides on it). */
export interface FailureFacts {
  /** HTTP status the ente answered. */
  status?: number
  /** How long the ente asked us to wait (its `Retry-After`), in ms. */
  retryAfterMs?: number
  /** The socket or undici error code, e.g. `ECONNRESET`. */
  networkCode?: string
}

/** A failed call to an ente, carrying the outcome code it maps to. */
export class EnteCallError extends Error {
  readonly code: OutcomeErrorCode
  /** HTTP status the ente answered, when there was one. */
  readonly status: number | undefined
  readonly retryAfterMs: number | undefined
  readonly networkCode: string | undefined

  constructor (code: OutcomeErrorCode, detail?: string, facts: FailureFacts = {}) {
    super(detail === undefined ? OUTCOME_ERRORS[code] : `${OUTCOME_ERRORS[code]} ${detail}`)
    this.name = 'EnteCallError'
    this.code = code
    this.status = facts.status
    this.retryAfterMs = facts.retryAfterMs
    this.networkCode = facts.networkCode
  }

  toOutcomeError (): OutcomeError {
    return { code: this.code, message: this.message }
  }
}
