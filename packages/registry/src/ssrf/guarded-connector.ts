import type { LookupFunction } from 'node:net'
import { Agent, buildConnector } from 'undici'
import { ipLiteral } from './addresses.js'
import { unsafeResolvedUrl, unsafeUrl } from './errors.js'
import { compilePolicy, type CompiledPolicy, type Resolver, type UrlPolicy } from './policy.js'
import { resolveSafely } from './resolve-safely.js'
import { systemResolver } from './system-resolver.js'

/**
 * A `lookup` for net/tls.connect that resolves a name and hands back only allowed addresses, so the
 * socket connects to the address that was checked (no second resolution an attacker could rebind).
 */
export function guardedLookup (policy: CompiledPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolveSafely(hostname, policy, resolve, false).then((addresses) => {
      const family = options.family === 4 || options.family === 6 ? options.family : undefined
      const usable = family === undefined ? addresses : addresses.filter(a => a.family === family)
      const first = usable[0]
      if (first === undefined) {
        callback(unsafeResolvedUrl({ host: hostname, problem: 'no-allowed-address', family: family ?? 'any' }), '', 0)
      } else if (options.all === true) {
        callback(null, usable)
      } else {
        callback(null, first.address, first.family)
      }
    }, (err: Error) => callback(err, '', 0))
  }
}

export interface GuardOptions {
  /** Options for undici's connector (TLS settings, connect timeout, …); `lookup` is always the guard's. */
  connect?: buildConnector.BuildOptions
  resolve?: Resolver
}

/**
 * An undici connector that enforces the URL policy on EVERY connection: scheme, IP literals (which
 * skip DNS) and resolved addresses. undici ignores http.Agent filters, so this is where the check lives.
 * Use: `new Pool(origin, { connect: guardedConnector(policy) })` or `guardedAgent(policy)`.
 */
export function guardedConnector (policy: UrlPolicy, options: GuardOptions = {}): buildConnector.connector {
  const compiled = compilePolicy(policy)
  const connect = buildConnector({ ...options.connect, lookup: guardedLookup(compiled, options.resolve) })
  return (connectOptions, callback) => {
    const { protocol, hostname } = connectOptions
    if (protocol !== 'https:' && !(protocol === 'http:' && compiled.allowHttp)) {
      callback(unsafeUrl(`el esquema ${protocol.replace(':', '')} no está permitido; use https`), null)
      return
    }
    const ip = ipLiteral(hostname)
    if (ip !== undefined && !compiled.isAllowedHost(hostname) && !compiled.isAllowedAddress(ip)) {
      callback(unsafeUrl(`la dirección ${ip} es interna o reservada`), null)
      return
    }
    connect(connectOptions, callback)
  }
}

/** An undici Agent whose every connection goes through the guard. Redirects are never followed by undici's plain request. */
export function guardedAgent (policy: UrlPolicy, options: GuardOptions & { agent?: Omit<Agent.Options, 'connect'> } = {}): Agent {
  return new Agent({ ...options.agent, connect: guardedConnector(policy, options) })
}
