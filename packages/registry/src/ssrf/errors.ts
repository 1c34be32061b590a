import { RegistryError } from '../model/errors.js'

/** What the server log keeps about a refused URL: never the whole URL (it may carry credentials). */
export type UnsafeUrlDetail = Record<string, unknown> & { host: string }

/**
 * A refusal whose reason is in the URL itself (scheme, user info, an IP literal): the message says
 * why, since it tells the caller nothing it did not write.
 */
export function unsafeUrl (reason: string): RegistryError {
  return new RegistryError('REGISTRY_UNSAFE_URL', `URL no permitida: ${reason}.`)
}

/**
 * A refusal learnt from DNS (a name that does not resolve, or resolves to an internal address).
 * The caller gets the same message for both, so answers cannot map the internal network; the
 * server log gets the host and what DNS said (`logDetail`).
 */
export function unsafeResolvedUrl (detail: UnsafeUrlDetail): RegistryError {
  return new RegistryError('REGISTRY_UNSAFE_URL',
    'URL no permitida: el servidor debe tener un nombre público que resuelva solo a direcciones públicas; revise la URL.',
    { logDetail: detail })
}
