import { BlockList, isIP } from 'node:net'
import { familyOf, ipLiteral, isForbiddenAddress } from './addresses.js'

/**
 * What the SEE may call. Production: `{ allowHttp: false, allowedHosts: [] }`. The demo and tests
 * allow their simulated entes explicitly, e.g. `{ allowHttp: true, allowedHosts: ['127.0.0.1'] }`.
 * `allowedHosts` takes host names (exact), IP addresses and CIDR ranges (`10.1.0.0/16`).
 */
export interface UrlPolicy {
  allowHttp: boolean
  allowedHosts: string[]
}

/** Resolves a host name to every address it has (the guard looks at all of them). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string, family: number }>>

export interface CompiledPolicy {
  allowHttp: boolean
  isAllowedHost: (hostname: string) => boolean
  /** Allowed: in the allow-list, or not in any forbidden range. */
  isAllowedAddress: (address: string) => boolean
}

export function normalizeHost (hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '')
}

export function compilePolicy (policy: UrlPolicy): CompiledPolicy {
  const hosts = new Set<string>()
  const addresses = new BlockList()
  for (const entry of policy.allowedHosts) {
    const [network = '', prefix] = entry.split('/')
    const ip = ipLiteral(network)
    if (ip !== undefined && prefix !== undefined) addresses.addSubnet(ip, Number(prefix), familyOf(ip))
    else if (ip !== undefined) addresses.addAddress(ip, familyOf(ip))
    else hosts.add(normalizeHost(entry))
  }
  return {
    allowHttp: policy.allowHttp,
    isAllowedHost: hostname => hosts.has(normalizeHost(hostname)),
    isAllowedAddress: (address) => {
      const ip = ipLiteral(address)
      if (ip === undefined || isIP(ip) === 0) return false
      return addresses.check(ip, familyOf(ip)) || !isForbiddenAddress(ip)
    }
  }
}

/**
 * The policy from configuration: `SEE_URL_ALLOW_HTTP` (development only) and `SEE_URL_ALLOWED_HOSTS`,
 * a comma-separated list of host names, addresses and CIDR ranges that may be internal.
 */
export function urlPolicyOf (allowHttp: boolean, allowedHosts: string | undefined): UrlPolicy {
  return { allowHttp, allowedHosts: (allowedHosts ?? '').split(',').map(h => h.trim()).filter(h => h !== '') }
}
