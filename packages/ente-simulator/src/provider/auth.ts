import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TokenStore } from './tokens.js'

/** The bearer token of a data call: the Authorization header, or `?access_token=` where allowed. */
function bearerToken (request: FastifyRequest, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization
  if (header !== undefined) {
    const match = /^bearer\s+(\S+)\s*$/i.exec(header)
    return match?.[1]
  }
  if (!allowQuery) return undefined
  const query = request.query as Record<string, unknown> | undefined
  const token = query?.access_token
  return typeof token === 'string' && token !== '' ? token : undefined
}

/** Answers 401 like a reference provider unless the call carries a valid token. Returns true when it answered. */
export function rejectUnauthorized (request: FastifyRequest, reply: FastifyReply, tokens: TokenStore, allowQuery: boolean): boolean {
  const token = bearerToken(request, allowQuery)
  const status = token === undefined ? 'missing' : tokens.status(token)
  if (status === 'valid') return false
  const [code, message] = status === 'missing'
    ? ['SIM_TOKEN_MISSING', 'Falta el token de acceso (Authorization: Bearer).']
    : status === 'expired'
      ? ['SIM_TOKEN_EXPIRED', 'El token expiró; solicite uno nuevo.']
      : ['SIM_TOKEN_INVALID', 'El token de acceso no es válido.']
  const challenge = status === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"'
  reply.code(401).header('www-authenticate', challenge).send({ code, message })
  return true
}
