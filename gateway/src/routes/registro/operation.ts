import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface, RouteHandlerMethod } from 'fastify'
import { operationSchema, REGISTRY_SCHEMA_ID, registryDocument } from '@see/openapi'
import { RegistryError, type Actor } from '@see/registry'

export const REGISTRY_PREFIX = '/registro/v1'

type Handler<T extends RouteGenericInterface> = (request: FastifyRequest<T>, reply: FastifyReply) => Promise<unknown>

/**
 * Registers the operation `method path` of the registry's OpenAPI document (path relative to
 * `/registro/v1`, in OpenAPI form): its parameters, body and responses validate and serialize the route.
 */
export function registryRoute<T extends RouteGenericInterface> (app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, handler: Handler<T>): void {
  app.route({
    method,
    url: path.replace(/\{(\w+)\}/g, ':$1'),
    schema: operationSchema(REGISTRY_SCHEMA_ID, registryDocument, `${REGISTRY_PREFIX}${path}`, method.toLowerCase()),
    handler: handler as unknown as RouteHandlerMethod
  })
}

/** The actor the guard set; every registry route runs behind the guard. */
export function actorOf (request: FastifyRequest): Actor {
  if (request.registryActor === undefined) throw new Error('registry route reached without the registry guard')
  return request.registryActor
}

export function requireOperator (actor: Actor, what: string): void {
  if (actor.kind === 'ente') throw new RegistryError('REGISTRY_FORBIDDEN', `Solo un operador del registro puede ${what}.`)
}

export interface EnteParams { clave: string }
export interface ConnectionParams { clave: string, sistema: string }
