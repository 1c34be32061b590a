import type { RegistryActor } from '@see/openapi/types'
import { RegistryError } from './errors.js'

/**
 * Who acts on the registry. Operators (`registry:admin`) act on every ente; an ente's own client
 * (`registry:ente`) is bound to ONE ente; `system` is the platform itself (seeding, key rotation).
 */
export type Actor =
  | { kind: 'operator', id: string }
  | { kind: 'ente', id: string, ente: string }
  | { kind: 'system', id: string }

const NOT_FOUND_MESSAGE = (clave: string): string => `El ente ${clave} no existe.`

/**
 * An ente's client learns nothing about other entes: it gets the same answer as for an ente that
 * does not exist (no way to probe which claves are registered).
 */
export function assertMayAccessEnte (actor: Actor, clave: string): void {
  if (actor.kind === 'ente' && actor.ente !== clave) throw new RegistryError('REGISTRY_NOT_FOUND', NOT_FOUND_MESSAGE(clave))
}

export function assertOperator (actor: Actor, what: string): void {
  if (actor.kind === 'ente') throw new RegistryError('REGISTRY_FORBIDDEN', `Solo un operador del registro puede ${what}.`)
}

export function notFoundEnte (clave: string): RegistryError {
  return new RegistryError('REGISTRY_NOT_FOUND', NOT_FOUND_MESSAGE(clave))
}

/** The actor as stored in history, report and audit rows (an ente's actor always acts on the row's own ente). */
export function actorColumns (actor: Actor): [kind: string, id: string] {
  return [actor.kind, actor.id]
}

export function actorFromColumns (kind: string, id: string, rowEnte: string | null): RegistryActor {
  if (kind === 'ente' && rowEnte !== null) return { kind, id, ente: rowEnte }
  return { kind: kind as RegistryActor['kind'], id }
}
