// Directus's own error answers: `{errors: [{message, extensions: {code}}]}`.

export class DirectusSimError extends Error {
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.name = 'DirectusSimError'
    this.status = status
    this.code = code
  }

  body (): { errors: Array<{ message: string, extensions: { code: string } }> } {
    return { errors: [{ message: this.message, extensions: { code: this.code } }] }
  }
}

export function invalidQuery (reason: string): DirectusSimError {
  return new DirectusSimError(400, 'INVALID_QUERY', `Invalid query. ${reason}`)
}

export function forbidden (): DirectusSimError {
  return new DirectusSimError(403, 'FORBIDDEN', "You don't have permission to access this.")
}

export function invalidCredentials (): DirectusSimError {
  return new DirectusSimError(401, 'INVALID_CREDENTIALS', 'Invalid user credentials.')
}
