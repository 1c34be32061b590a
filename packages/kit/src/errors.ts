import createError from '@fastify/error'

// Every error a client can read has a stable `code` with the SEE_ prefix and a Spanish message
// that says how to fix the request. Codes never change meaning; add new ones instead.

export const ValidationError = createError<[string]>('SEE_VALIDATION', 'Solicitud inválida: %s', 422)
export const MalformedBodyError = createError('SEE_MALFORMED_BODY', 'El cuerpo no es JSON válido; envíe un objeto JSON con Content-Type application/json.', 400)
export const UnsupportedMediaTypeError = createError<[string]>('SEE_UNSUPPORTED_MEDIA_TYPE', 'Tipo de contenido no admitido: %s. Use application/json.', 415)
export const NotFoundError = createError<[string, string]>('SEE_NOT_FOUND', 'La ruta %s %s no existe; consulte la documentación en /docs.', 404)
export const MethodNotAllowedError = createError<[string, string, string]>('SEE_METHOD_NOT_ALLOWED', 'El método %s no está permitido en %s; use %s.', 405)
export const UnauthorizedError = createError<[string]>('SEE_UNAUTHORIZED', '%s', 401)
export const ForbiddenError = createError<[string]>('SEE_FORBIDDEN', '%s', 403)
export const InternalError = createError('SEE_INTERNAL', 'Error interno; el incidente quedó registrado con el identificador de la solicitud.', 500)
export const UpstreamUnavailableError = createError<[string]>('SEE_UPSTREAM_UNAVAILABLE', '%s', 502)
export const IncompletePageError = createError<[string]>('SEE_INCOMPLETE_PAGE', '%s', 503)
export const DeadlineExceededError = createError<[string]>('SEE_DEADLINE_EXCEEDED', '%s', 504)
export const OverloadedError = createError('SEE_OVERLOADED', 'El servicio está saturado; reintente en unos segundos.', 503)
export const ConfigError = createError<[string]>('SEE_CONFIG', 'Configuración inválida: %s', 500)

/** The body every error answer carries, whatever produced it. */
export interface ErrorBody {
  code: string
  message: string
}
