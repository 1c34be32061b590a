import { unsafeResolvedUrl } from './errors.js'
import type { CompiledPolicy, Resolver } from './policy.js'

export interface SafeAddress { address: string, family: number }

/**
 * Resolves a host name and keeps only the addresses the policy allows. `every`: refuse the name if
 * any address is forbidden (registration); otherwise connect to the allowed ones only (each connection).
 * A refusal says the same whatever DNS answered; the details go to the server log only.
 */
export async function resolveSafely (hostname: string, policy: CompiledPolicy, resolve: Resolver, every: boolean): Promise<SafeAddress[]> {
  let addresses: SafeAddress[]
  try {
    addresses = await resolve(hostname)
  } catch (err) {
    throw unsafeResolvedUrl({ host: hostname, problem: 'dns', dnsCode: (err as NodeJS.ErrnoException).code ?? 'unknown' })
  }
  if (policy.isAllowedHost(hostname)) return addresses
  const forbidden = addresses.filter(a => !policy.isAllowedAddress(a.address))
  const allowed = addresses.filter(a => policy.isAllowedAddress(a.address))
  if (allowed.length === 0 || (every && forbidden.length > 0)) {
    throw unsafeResolvedUrl({ host: hostname, problem: 'internal-address', forbidden: forbidden.map(a => a.address), resolved: addresses.length })
  }
  return allowed
}
