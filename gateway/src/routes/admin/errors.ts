import createError from '@fastify/error'
import { AuthAdminError, AuthStoreError } from '@see/auth'

// The administration library's errors, as HTTP answers with the same stable codes the CLI shows.
export const AdminInvalidError = createError<[string]>('SEE_AUTH_ADMIN', '%s', 422)
export const AdminNotFoundError = createError<[string]>('SEE_AUTH_NOT_FOUND', '%s', 404)
export const AdminDuplicateError = createError<[string]>('SEE_AUTH_DUPLICATE', '%s', 409)

/**
 * Translates a refusal of `@see/auth`'s administration into its HTTP answer; anything else is
 * rethrown (and becomes a logged 500). `missingIsInvalid`: on creation, a missing referenced
 * record (an ente) is a mistake in the request, not a missing resource.
 */
export function adminFailure (err: unknown, missingIsInvalid = false): Error {
  if (err instanceof AuthAdminError) return new AdminInvalidError(err.message)
  if (err instanceof AuthStoreError) {
    if (err.code === 'SEE_AUTH_DUPLICATE') return new AdminDuplicateError(err.message)
    return missingIsInvalid ? new AdminInvalidError(err.message) : new AdminNotFoundError(err.message)
  }
  return err instanceof Error ? err : new Error(String(err))
}

/** Awaits an administration call, answering its refusals as `adminFailure` says. */
export async function administer<R> (work: Promise<R>, missingIsInvalid = false): Promise<R> {
  try {
    return await work
  } catch (err) {
    throw adminFailure(err, missingIsInvalid)
  }
}
