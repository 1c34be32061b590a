import { passwordGrantRequest, type DemoCredentials } from '@see/demo'
import { SYSTEMS } from '@see/systems'
import { withFederation, type BenchFederation } from '../lib/federation.js'
import { formatRow, measure, type Figures, type Load } from '../lib/measure.js'
import type { BenchContext, PlatformScenario } from '../lib/scenario.js'

const CONNECTIONS = [10, 50]
/** Connections of each of the two attacks of the "under attack" row, beside the PDN's 10. */
const ATTACK_CONNECTIONS = 10
/** Finding 1's burst, sent before the PDN's measurement: enough to spend a per-username budget of 12,000 a minute. */
const BURST = { amount: 12_500, connections: 50 }

/** The PDN's token request, as `passwordGrant` sends it, for the whole measurement. */
function tokenLoad (gatewayUrl: string, credentials: DemoCredentials, connections: number, durationSeconds: number): Load {
  return { url: `${gatewayUrl}/oauth/token`, ...passwordGrantRequest(credentials), connections, durationSeconds }
}

/** Tokens issued per second (200 answers only) and the share of other answers. */
function issued (figures: Figures, durationSeconds: number): string {
  const ok = figures.statuses['200'] ?? 0
  return `${Math.round(ok / durationSeconds)} tokens/s`
}

async function measureTokens (connections: number, context: BenchContext): Promise<void> {
  await withFederation(context, { entes: 1, size: 10 }, async (federation) => {
    // One token first: the argon2 verifications happen once, later requests hit the credential cache.
    await federation.token()
    const figures = await measure(tokenLoad(federation.gatewayUrl, federation.credentials, connections, context.durationSeconds))
    context.print(formatRow(`POST /oauth/token password grant c=${connections}`, figures, issued(figures, context.durationSeconds)))
  })
}

/**
 * The two unauthorized password requests of the hardening report's finding 1, aimed at the PDN's
 * username: a valid client that may not use the password grant, and the PDN's client id with a
 * wrong secret. Both come from 127.0.0.1 like the PDN's own requests, so no per-IP budget can
 * tell them apart.
 */
async function attacks (federation: BenchFederation, durationSeconds: number): Promise<Array<{ label: string, load: Load }>> {
  // The PDN's own read scopes: the attacker's client is as valid as the PDN's, only not allowed the password grant.
  const attacker = { clientId: `atacante-${Date.now()}`, scopes: SYSTEMS.map(system => system.scope), grants: ['client_credentials' as const] }
  const attackerSecret = await federation.createClient(attacker)
  const pdn = federation.credentials
  const unauthorized = passwordGrantRequest({ ...pdn, clientId: attacker.clientId, clientSecret: attackerSecret, password: 'adivinanza' })
  const wrongSecret = passwordGrantRequest({ ...pdn, clientSecret: 'secreto-equivocado', password: 'adivinanza' })
  const url = `${federation.gatewayUrl}/oauth/token`
  return [
    { label: `  attack: another client, password grant c=${ATTACK_CONNECTIONS}`, load: { url, ...unauthorized, connections: ATTACK_CONNECTIONS, durationSeconds } },
    { label: `  attack: PDN client id, wrong secret c=${ATTACK_CONNECTIONS}`, load: { url, ...wrongSecret, connections: ATTACK_CONNECTIONS, durationSeconds } }
  ]
}

async function measureUnderAttack (context: BenchContext): Promise<void> {
  await withFederation(context, { entes: 1, size: 10 }, async (federation) => {
    await federation.token()
    const attackLoads = await attacks(federation, context.durationSeconds)
    const burst = await measure({ ...attackLoads[0]!.load, connections: BURST.connections, durationSeconds: 0, amount: BURST.amount })
    context.print(formatRow(`  first: ${BURST.amount} unauthorized password requests c=${BURST.connections}`, burst))
    const [pdn, ...attacked] = await Promise.all([
      measure(tokenLoad(federation.gatewayUrl, federation.credentials, 10, context.durationSeconds)),
      ...attackLoads.map(async ({ load }) => await measure(load))
    ])
    context.print(formatRow('POST /oauth/token PDN c=10 under attack', pdn!, issued(pdn!, context.durationSeconds)))
    attacked.forEach((figures, i) => context.print(formatRow(attackLoads[i]!.label, figures)))
  })
}

export const token: PlatformScenario = {
  kind: 'platform',
  name: 'token',
  title: '5. Token issue, PDN style (password grant, Basic + body): alone, and under the unauthorized password requests of finding 1',
  async run (context) {
    for (const connections of CONNECTIONS) await measureTokens(connections, context)
    await measureUnderAttack(context)
  }
}
