/** Stable codes of the registry's errors; callers branch on `code`, never on the message. */
export type RegistryErrorCode =
  | 'REGISTRY_NOT_FOUND'
  | 'REGISTRY_CONFLICT'
  | 'REGISTRY_INVALID_INPUT'
  | 'REGISTRY_INVALID_TRANSITION'
  | 'REGISTRY_TEST_REQUIRED'
  | 'REGISTRY_UNSAFE_URL'
  | 'REGISTRY_FORBIDDEN'
  | 'REGISTRY_CREDENTIALS'

const STATUS: Record<RegistryErrorCode, number> = {
  REGISTRY_NOT_FOUND: 404,
  REGISTRY_CONFLICT: 409,
  REGISTRY_INVALID_INPUT: 422,
  REGISTRY_INVALID_TRANSITION: 409,
  REGISTRY_TEST_REQUIRED: 409,
  REGISTRY_UNSAFE_URL: 422,
  REGISTRY_FORBIDDEN: 403,
  REGISTRY_CREDENTIALS: 500
}

/**
 * An error of the registry with a Spanish message a user can act on. It carries the HTTP status
 * that fits, so the kit's error handler answers `{code, message}` with it when a route lets it through.
 */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode
  readonly statusCode: number
  /** For the server log only, never for the answer (see @see/kit's error handler). */
  readonly logDetail?: Record<string, unknown>

  constructor (code: RegistryErrorCode, message: string, options?: { cause?: unknown, logDetail?: Record<string, unknown> }) {
    super(message, options)
    this.name = 'RegistryError'
    this.code = code
    this.statusCode = STATUS[code]
    if (options?.logDetail !== undefined) this.logDetail = options.logDetail
  }
}

export function isRegistryError (err: unknown, code?: RegistryErrorCode): err is RegistryError {
  return err instanceof RegistryError && (code === undefined || err.code === code)
}
