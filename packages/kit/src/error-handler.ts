import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { describeValidation } from './validation-messages.js'
import { InternalError, MalformedBodyError, MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError, ValidationError, type ErrorBody } from './errors.js'
import type { AllowedMethods } from './method-not-allowed.js'

const MALFORMED_BODY_CODES = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_BODY_TOO_LARGE', 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'])

function toPublicError (error: FastifyError): FastifyError {
  if (error.validation) return new ValidationError(describeValidation(error.validationContext, error.validation))
  if (MALFORMED_BODY_CODES.has(error.code) || error instanceof SyntaxError) {
    return error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? Object.assign(new MalformedBodyError(), { message: 'El cuerpo excede el tamaño máximo permitido.', statusCode: 413 }) : new MalformedBodyError()
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new UnsupportedMediaTypeError(String(error.message.split(': ').pop()))
  if (typeof error.code === 'string' && error.code.startsWith('SEE_')) return error
  if ((error.statusCode ?? 500) < 500 && typeof error.code === 'string') return error
  return new InternalError()
}

/**
 * What an error keeps for the server log only (`logDetail`, e.g. what DNS answered for a refused
 * URL): logged with the refusal, never sent.
 */
function logDetailOf (error: FastifyError): { detail?: unknown } {
  const detail = (error as { logDetail?: unknown }).logDetail
  return typeof detail === 'object' && detail !== null ? { detail } : {}
}

/**
 * One error model for every service: `{code, message}` bodies, 5xx logged with the cause, and
 * 405 with `Allow` (rather than 404) for a path that exists with other methods.
 */
export function installErrorHandling (app: FastifyInstance, allowedMethods: AllowedMethods): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const publicError = toPublicError(error)
    const status = publicError.statusCode ?? 500
    // Shedding load is the process protecting itself, not a defect: one line, no stack.
    if (publicError.code === 'SEE_OVERLOADED') request.log.warn({ code: publicError.code, url: request.url }, publicError.message)
    else if (status >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ code: publicError.code, status, ...logDetailOf(error) }, publicError.message)
    const body: ErrorBody = { code: publicError.code, message: publicError.message }
    // Every 503 here is transient (an ente or the service is catching up): tell clients when to retry.
    if (status === 503) reply.header('retry-after', '1')
    return reply.code(status).type('application/json').send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const allowed = allowedMethods(path)
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      const error = new MethodNotAllowedError(request.method, path, allowed.join(', '))
      return reply.code(405).header('allow', allowed.join(', ')).send({ code: error.code, message: error.message } satisfies ErrorBody)
    }
    const error = new NotFoundError(request.method, path)
    return reply.code(404).send({ code: error.code, message: error.message } satisfies ErrorBody)
  })
}
