import { assertSafeUrl } from '../ssrf/assert-safe-url.js'
import type { RegistryContext } from './context.js'

/** Every URL the SEE will call for a connection passes the SSRF policy before it is stored. */
export async function assertConnectionUrls (ctx: RegistryContext, urls: Array<string | undefined>): Promise<void> {
  for (const url of urls) {
    if (url !== undefined) await assertSafeUrl(url, ctx.urlPolicy, ctx.resolve)
  }
}
