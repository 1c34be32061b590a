// Failures of a Directus (v2) provider, with the same stable codes the service already reports for
// sesna-v1 entes (see the service's outcome errors), so the lead can map them one to one. The
// message is a Spanish detail that never quotes the provider's own text or any credential.

export type DirectusErrorCode = 'ENTE_BAD_SHAPE' | 'ENTE_AUTH_FAILED' | 'ENTE_REJECTED_QUERY' | 'ENTE_HTTP_ERROR'

export class DirectusProtocolError extends Error {
  readonly code: DirectusErrorCode
  /** HTTP status the provider answered, when the failure is an error answer. */
  readonly status: number | undefined

  constructor (code: DirectusErrorCode, detail: string, status?: number) {
    super(detail)
    this.name = 'DirectusProtocolError'
    this.code = code
    this.status = status
  }
}

export function badShape (detail: string): DirectusProtocolError {
  return new DirectusProtocolError('ENTE_BAD_SHAPE', detail)
}
