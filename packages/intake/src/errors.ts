import createError from '@fastify/error'

// Errors a filer can read: stable SEE_INTAKE_* codes and a Spanish message that says how to go on.
// None is ever a silent refusal: a legitimate anonymous filer always learns why and what to do.

export const AttachmentError = createError<[string]>('SEE_INTAKE_ATTACHMENT', 'Adjunto no admitido: %s', 422)
export const FilingError = createError<[string]>('SEE_INTAKE_INVALID', 'Denuncia incompleta: %s', 422)
export const IdempotencyConflictError = createError('SEE_INTAKE_KEY_REUSED', 'La clave Idempotency-Key ya se usó con una denuncia distinta; genere una clave nueva para una denuncia nueva.', 409)
export const TrackingNotFoundError = createError('SEE_INTAKE_NOT_FOUND', 'No hay una denuncia con ese folio y ese código de seguimiento; revise ambos tal como aparecen en su acuse.', 404)
export const TrackingBlockedError = createError<[number]>('SEE_INTAKE_TRACKING_BLOCKED', 'Demasiados intentos fallidos con este folio; espere %d segundos antes de volver a intentar.', 429)
export const UnknownEnteError = createError<[string, string]>('SEE_INTAKE_UNKNOWN_ENTE', 'El ente «%s» no recibe denuncias por esta plataforma; use la clave de uno de estos entes: %s.', 422)
export const IntakeRateLimitedError = createError<[number, number]>('SEE_INTAKE_RATE_LIMITED', 'Se recibieron muchas solicitudes desde su dirección de red (límite: %d por hora); su denuncia no se perdió si ya tiene folio. Espere %d segundos y vuelva a intentar.', 429)
