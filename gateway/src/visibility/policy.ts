import createError from '@fastify/error'
import type { FastifyRequest } from 'fastify'
import { privateFilters, privateSorts, privilegedScope, type Sort, type SystemProfile } from '@see/systems'
import type { SearchBody } from '../federation/normalize.js'

// What the gateway does for who may see what (`@see/systems` visibility.ts has the rule): a
// public client's `rfcSolicitante` is dropped before federation, its filters on private fields
// are refused, and the private fields are removed from every record it is sent, whatever the
// ente put there (by the system's service, asked with `publicOnly`, before the records reach the
// gateway); the entes that sent some are named in `x-see-private-removed`.

export const PRIVATE_REMOVED_HEADER = 'x-see-private-removed'

export const PrivateFilterError = createError<[string, string]>(
  'SEE_PRIVATE_FILTER',
  'El filtro u orden %s es sobre datos privados: solo lo pueden usar clientes con el alcance %s.',
  403
)

/** Whether the request's token holds the system's privileged scope. */
export function isPrivileged (request: FastifyRequest, system: SystemProfile): boolean {
  const scopes = request.accessToken?.scope.split(' ') ?? []
  return scopes.includes(privilegedScope(system))
}

/** The body a public client's search federates with: no `rfcSolicitante`, wherever the system puts it. */
export function publicBody<B extends SearchBody> (body: B): B {
  const { rfcSolicitante: _top, ...rest } = body
  if (rest.query === undefined || !('rfcSolicitante' in rest.query)) return rest as B
  const { rfcSolicitante: _inQuery, ...query } = rest.query
  return { ...rest, query } as B
}

/**
 * Refuses (403) a public client's filter or sort on a private field: a filtered answer would tell
 * what the field holds, and its records carry no value to merge the entes' orders by.
 */
export function refusePrivateFilters (system: SystemProfile, query: Record<string, unknown> | undefined, sort?: Sort): void {
  const [field] = [...privateFilters(system, query ?? {}, system.privateFields), ...privateSorts(system, sort ?? {}, system.privateFields)]
  if (field !== undefined) throw new PrivateFilterError(field, privilegedScope(system))
}
