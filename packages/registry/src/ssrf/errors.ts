import { RegistryError } from '../model/errors.js'

export function unsafeUrl (reason: string): RegistryError {
  return new RegistryError('REGISTRY_UNSAFE_URL', `URL no permitida: ${reason}.`)
}
