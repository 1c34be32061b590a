import { ipLiteral } from './addresses.js'
import { unsafeUrl } from './errors.js'
import { compilePolicy, type Resolver, type UrlPolicy } from './policy.js'
import { resolveSafely } from './resolve-safely.js'
import { systemResolver } from './system-resolver.js'

/**
 * Checks an ente's URL when it is registered: https (http only if the policy allows it), no
 * credentials in the URL, and a host that is allow-listed or whose every address is public.
 * The same check runs again on every connection (`guardedConnector`), against DNS rebinding.
 */
export async function assertSafeUrl (url: string, policy: UrlPolicy, resolve: Resolver = systemResolver): Promise<URL> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw unsafeUrl(`"${url.slice(0, 100)}" no es una URL válida`)
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && policy.allowHttp)) {
    throw unsafeUrl(`el esquema ${parsed.protocol.replace(':', '')} no está permitido; use https`)
  }
  if (parsed.username !== '' || parsed.password !== '') throw unsafeUrl('no incluya usuario ni contraseña en la URL')
  const compiled = compilePolicy(policy)
  const ip = ipLiteral(parsed.hostname)
  if (compiled.isAllowedHost(parsed.hostname)) return parsed
  if (ip !== undefined) {
    if (!compiled.isAllowedAddress(ip)) throw unsafeUrl(`la dirección ${ip} es interna o reservada`)
    return parsed
  }
  await resolveSafely(parsed.hostname, compiled, resolve, true)
  return parsed
}
