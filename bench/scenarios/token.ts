import { passwordGrantRequest, type DemoCredentials } from '@see/demo'
import { withFederation } from '../lib/federation.js'
import { formatRow, measure, type Load } from '../lib/measure.js'
import type { BenchContext, Scenario } from '../lib/scenario.js'

const CONNECTIONS = [10, 50]
/**
 * Token requests are throttled per IP (6000 a minute by default) and every request here comes from
 * 127.0.0.1: each row sends a fixed number of requests within that budget, on a fresh gateway,
 * so it measures issuing tokens rather than refusing them.
 */
const REQUESTS = { full: 500, quick: 200 }

/** The PDN's token request, as `passwordGrant` sends it, at a fixed request count. */
function tokenLoad (gatewayUrl: string, credentials: DemoCredentials, connections: number, amount: number): Load {
  return { url: `${gatewayUrl}/oauth/token`, ...passwordGrantRequest(credentials), connections, durationSeconds: 0, amount }
}

async function measureTokens (connections: number, context: BenchContext): Promise<void> {
  const amount = context.durationSeconds < 5 ? REQUESTS.quick : REQUESTS.full
  await withFederation(context, { entes: 1, size: 10 }, async (federation) => {
    // One token first: the argon2 verifications happen once, later requests hit the credential cache.
    await federation.token()
    const figures = await measure(tokenLoad(federation.gatewayUrl, federation.credentials, connections, amount))
    context.print(formatRow(`POST /oauth/token password grant c=${connections}`, figures, `${figures.requests} requests`))
  })
}

export const token: Scenario = {
  name: 'token',
  title: '5. Token issue, PDN style (password grant, Basic + body), fixed request count within the per-IP throttle',
  async run (context) {
    for (const connections of CONNECTIONS) await measureTokens(connections, context)
  }
}
