import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasScope, InvalidTokenError, REGISTRY_ADMIN_SCOPE, REGISTRY_ENTE_SCOPE, type AuthStore } from '@see/auth'
import type { Actor } from '@see/registry'
import { LRUCache } from 'lru-cache'
import { RegistryClientUnboundError } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who acts on the registry, set by the registry guard. */
    registryActor?: Actor
  }
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i
const CHALLENGE = `Bearer realm="SEE", scope="${REGISTRY_ADMIN_SCOPE} ${REGISTRY_ENTE_SCOPE}"`

function deny (reply: FastifyReply, status: number, challenge: string, code: string, message: string): FastifyReply {
  return reply.code(status).header('WWW-Authenticate', challenge).type('application/json').send({ code, message })
}

export interface RegistryGuardOptions {
  store: AuthStore
  /** How long a client's bound ente is remembered (default 30 s): a rebinding or disabling takes effect within it. */
  bindingTtlMs?: number
}

/**
 * The registry's `onRequest` guard: a valid access token with `registry:admin` (an operator) or
 * `registry:ente` (an ente's own client), turned into the registry's Actor. An ente client's ente
 * is the one bound to the client in the auth store — not only the token's claim, which must agree
 * with it — looked up once per client and remembered briefly. Answers as the auth plugin's guards
 * (RFC 6750): 401 without or with a bad token, 403 without either scope or without a binding.
 */
export function registryGuard (app: FastifyInstance, options: RegistryGuardOptions): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const bindings = new LRUCache<string, { ente: string | null }>({ max: 10_000, ttl: options.bindingTtlMs ?? 30_000 })
  const boundEnte = async (clientId: string): Promise<string | null> => {
    const known = bindings.get(clientId)
    if (known !== undefined) return known.ente
    const client = await options.store.findClient(clientId)
    const ente = client === undefined || client.disabled ? null : client.enteClave
    bindings.set(clientId, { ente })
    return ente
  }

  return async (request, reply) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1]
    if (token === undefined) {
      return deny(reply, 401, CHALLENGE, 'SEE_AUTH_TOKEN_MISSING', 'Falta el token de acceso: envíe Authorization: Bearer <token> obtenido en /oauth/token.')
    }
    let claims
    try {
      claims = await app.oauth.verifyAccessToken(token)
    } catch (err) {
      if (err instanceof InvalidTokenError) return deny(reply, 401, `${CHALLENGE}, error="invalid_token"`, err.code, err.message)
      throw err
    }
    if (hasScope(claims.scope, REGISTRY_ADMIN_SCOPE)) {
      request.registryActor = { kind: 'operator', id: claims.sub }
      return undefined
    }
    if (!hasScope(claims.scope, REGISTRY_ENTE_SCOPE)) {
      return deny(reply, 403, `${CHALLENGE}, error="insufficient_scope"`, 'SEE_AUTH_INSUFFICIENT_SCOPE',
        `El token no tiene el alcance ${REGISTRY_ADMIN_SCOPE} ni ${REGISTRY_ENTE_SCOPE} que exige el Sistema Registral.`)
    }
    const ente = await boundEnte(claims.client_id)
    if (ente === null || (claims.ente !== undefined && claims.ente !== ente)) throw new RegistryClientUnboundError()
    request.registryActor = { kind: 'ente', id: claims.client_id, ente }
    return undefined
  }
}
