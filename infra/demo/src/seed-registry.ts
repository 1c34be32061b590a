import type { ConnectionTestResult, RegistryConnection, RegistryConnectionInput, RegistryEnteInput, RegistryStage } from '@see/openapi/types'
import type { SimulatedProvider } from '@see/ente-simulator'
import {
  changeStage, createConnection, createEnte, getConnection, getEnte, isRegistryError, listConnections, recordTestReport, stageHistory, updateConnection,
  type Actor, type RegistryContext, type UrlPolicy
} from '@see/registry'

/** What seeding reads of a simulated ente: a running provider, or one served by another process. */
export type SeedableEnte = Pick<SimulatedProvider, 'clave' | 'nombre' | 'siglas' | 'url' | 'tokenUrl' | 'credentials'>

/** The simulated entes listen on plain http on loopback: the demo allows exactly that, explicitly. */
export const DEMO_URL_POLICY: UrlPolicy = { allowHttp: true, allowedHosts: ['127.0.0.1'] }

const SEED_ACTOR: Actor = { kind: 'system', id: 'demo-seed' }
const OBSERVATIONS = 'Incorporación automática de un ente simulado (demostración)'

const PODER: Record<string, RegistryEnteInput['poder']> = Object.fromEntries([
  ...['CONGRESO', 'ASE'].map(clave => [clave, 'legislativo']),
  ...['PJE', 'TJA'].map(clave => [clave, 'judicial']),
  ...['FGE', 'IEPC', 'CEDH', 'UNACH', 'ITAIPCH'].map(clave => [clave, 'autonomo'])
])

/** The registry's record of a simulated ente: municipalities by their name, state entes by a small table. */
export function enteInputOf (provider: SeedableEnte): RegistryEnteInput {
  const municipio = /^Ayuntamiento de (.+)$/.exec(provider.nombre)?.[1]
  return {
    clave: provider.clave,
    nombre: provider.nombre.slice(0, 300),
    ...(provider.siglas !== '' && { siglas: provider.siglas.slice(0, 50) }),
    orden: municipio === undefined ? 'estatal' : 'municipal',
    poder: municipio === undefined ? PODER[provider.clave] ?? 'ejecutivo' : 'ayuntamiento',
    ...(municipio !== undefined && { municipio }),
    contacts: [{ nombre: 'Enlace de la demostración', cargo: 'Titular de la Unidad de Transparencia', email: `enlace@${provider.clave.toLowerCase()}.ejemplo.gob.mx` }]
  }
}

/** Its S2 connection: the simulator's URLs and the password grant the PDN uses. */
export function connectionInputOf (provider: SeedableEnte): RegistryConnectionInput {
  return {
    protocol: 'sesna-v1',
    baseUrl: provider.url,
    tokenUrl: provider.tokenUrl,
    auth: { kind: 'oauth2-password', ...provider.credentials }
  }
}

/** The next step toward production; `pruebas` moves on only with a passing connection test. */
const TOWARD_PRODUCTION: Partial<Record<RegistryStage, RegistryStage>> = {
  solicitud: 'estandar', estandar: 'mecanismo', mecanismo: 'pruebas', aprobada: 'produccion', mantenimiento: 'pruebas', suspendida: 'solicitud'
}

export type ConnectionTester = (clave: string) => Promise<ConnectionTestResult>

export interface SeedOutcome {
  clave: string
  stage: RegistryStage
  /** The failed checks when the connection test kept the ente in `pruebas`. */
  failedChecks?: string[]
}

async function registerConnection (ctx: RegistryContext, provider: SeedableEnte): Promise<RegistryConnection> {
  try {
    await getEnte(ctx, SEED_ACTOR, provider.clave)
  } catch (err) {
    if (!isRegistryError(err, 'REGISTRY_NOT_FOUND')) throw err
    await createEnte(ctx, SEED_ACTOR, enteInputOf(provider))
  }
  try {
    await getConnection(ctx, SEED_ACTOR, provider.clave, 's2')
  } catch (err) {
    if (!isRegistryError(err, 'REGISTRY_NOT_FOUND')) throw err
    return await createConnection(ctx, SEED_ACTOR, provider.clave, 's2', connectionInputOf(provider))
  }
  // A database kept from an earlier run: the simulator listens elsewhere now, so the connection
  // changes and is tested again before it serves (production goes through maintenance).
  const updated = await updateConnection(ctx, SEED_ACTOR, provider.clave, 's2', connectionInputOf(provider))
  if (updated.stage !== 'produccion') return updated
  return await changeStage(ctx, SEED_ACTOR, provider.clave, 's2', { stage: 'mantenimiento', observations: OBSERVATIONS })
}

/**
 * Walks one simulated ente through the onboarding as operators would — solicitud → estandar →
 * mecanismo → pruebas → (a passing connection test) → aprobada → produccion — through the
 * registry's own functions. A failing test leaves it in `pruebas`, as it would a real ente.
 */
export async function seedSimulatedEnte (ctx: RegistryContext, provider: SeedableEnte, test: ConnectionTester): Promise<SeedOutcome> {
  let connection = await registerConnection(ctx, provider)
  while (connection.stage !== 'produccion') {
    let next = TOWARD_PRODUCTION[connection.stage]
    if (connection.stage === 'pruebas') {
      const result = await test(provider.clave)
      await recordTestReport(ctx, SEED_ACTOR, provider.clave, 's2', result)
      if (!result.passed) return { clave: provider.clave, stage: 'pruebas', failedChecks: result.checks.filter(c => !c.passed).map(c => c.name) }
      next = 'aprobada'
    }
    if (next === undefined) break
    connection = await changeStage(ctx, SEED_ACTOR, provider.clave, 's2', { stage: next, observations: OBSERVATIONS })
  }
  return { clave: provider.clave, stage: connection.stage }
}

/**
 * On a database kept from earlier runs (a persistent demo, the benchmarks' run of several
 * federations), the simulated entes this run does not start would point at closed ports: their
 * connections, if this seeding registered them, are suspended. Entes registered by people through
 * the API are left alone.
 */
async function retireStaleSeeds (ctx: RegistryContext, current: Set<string>): Promise<void> {
  for (const connection of await listConnections(ctx, SEED_ACTOR, { system: 's2' })) {
    if (current.has(connection.ente) || connection.stage === 'suspendida') continue
    const [registration] = await stageHistory(ctx, SEED_ACTOR, connection.ente, 's2')
    if (registration?.actor.kind !== SEED_ACTOR.kind || registration.actor.id !== SEED_ACTOR.id) continue
    await changeStage(ctx, SEED_ACTOR, connection.ente, 's2', { stage: 'suspendida', observations: 'El ente simulado no se inició en esta ejecución' })
  }
}

/** Seeds every simulated ente, a few at a time, and retires the simulated entes of earlier runs. */
export async function seedRegistry (ctx: RegistryContext, providers: readonly SeedableEnte[], test: ConnectionTester, concurrency = 8): Promise<SeedOutcome[]> {
  await retireStaleSeeds(ctx, new Set(providers.map(p => p.clave)))
  const outcomes: SeedOutcome[] = []
  const queue = [...providers]
  const worker = async (): Promise<void> => {
    for (let provider = queue.shift(); provider !== undefined; provider = queue.shift()) {
      outcomes.push(await seedSimulatedEnte(ctx, provider, test))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, providers.length) }, worker))
  return outcomes.sort((a, b) => a.clave < b.clave ? -1 : a.clave > b.clave ? 1 : 0)
}
