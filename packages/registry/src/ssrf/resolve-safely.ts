import { unsafeUrl } from './errors.js'
import type { CompiledPolicy, Resolver } from './policy.js'

export interface SafeAddress { address: string, family: number }

/**
 * Resolves a host name and keeps only the addresses the policy allows. `every`: refuse the name if
 * any address is forbidden (registration); otherwise connect to the allowed ones only (each connection).
 */
export async function resolveSafely (hostname: string, policy: CompiledPolicy, resolve: Resolver, every: boolean): Promise<SafeAddress[]> {
  let addresses: SafeAddress[]
  try {
    addresses = await resolve(hostname)
  } catch (err) {
    throw unsafeUrl(`no se pudo resolver ${hostname} (${(err as NodeJS.ErrnoException).code ?? 'error de DNS'})`)
  }
  if (policy.isAllowedHost(hostname)) return addresses
  const forbidden = addresses.filter(a => !policy.isAllowedAddress(a.address))
  const allowed = addresses.filter(a => policy.isAllowedAddress(a.address))
  if (allowed.length === 0 || (every && forbidden.length > 0)) {
    const shown = (forbidden[0] ?? addresses[0])?.address ?? 'ninguna'
    throw unsafeUrl(`${hostname} resuelve a una dirección interna o reservada (${shown})`)
  }
  return allowed
}
