import type { RegistrySystem } from '@see/openapi/types'
import { RegistryError } from '../model/errors.js'
import { REGISTRY_SYSTEMS } from '../model/systems.js'

export function assertSystem (system: string): asserts system is RegistrySystem {
  if (!(REGISTRY_SYSTEMS as readonly string[]).includes(system)) {
    throw new RegistryError('REGISTRY_INVALID_INPUT', `Sistema desconocido: ${system}. Use uno de ${REGISTRY_SYSTEMS.join(', ')}.`)
  }
}

export function notFoundConnection (ente: string, system: string): RegistryError {
  return new RegistryError('REGISTRY_NOT_FOUND', `El ente ${ente} no tiene conexión registrada para ${system}.`)
}
