import type { ConnectionTestResult, RegistryConnection, RegistryConnectionInput, RegistryEnteInput, RegistryStage } from '@see/openapi/types'
import { OCDS_FEED_PATH, type SimulatedProvider } from '@see/ente-simulator'
import {
  changeStage, createConnection, createEnte, getConnection, getEnte, isRegistryError, listConnections, recordTestReport, stageHistory, updateConnection,
  type Actor, type RegistryContext, type UrlPolicy
} from '@see/registry'
import { profiles, SYSTEM_IDS, type SystemId, type SystemProfile } from '@see/systems'

/**
 * What seeding reads of a simulated ente: a running provider, or one served by another process,
 * and the systems it serves (S2 alone when it does not say).
 */
export type SeedableEnte = Pick<SimulatedProvider, 'clave' | 'nombre' | 'siglas' | 'url' | 'tokenUrl' | 'credentials'> & Partial<Pick<SimulatedProvider, 'protocol' | 'staticToken'>> & { systems?: readonly SystemId[] }

/** The systems a simulated ente serves. */
export function systemsOf (provider: SeedableEnte): readonly SystemId[] {
  return provider.systems ?? [profiles.s2.id]
}

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

/**
 * Its connection for any system: the simulator's URLs and the password grant the PDN uses, or, for
 * a Directus (v2) ente, its static token of the read-only role.
 */
export function connectionInputOf (provider: SeedableEnte): RegistryConnectionInput {
  if (provider.protocol === 'directus-v2' && provider.staticToken !== undefined) {
    return { protocol: 'directus-v2', baseUrl: provider.url, auth: { kind: 'static-bearer', token: provider.staticToken } }
  }
  if (provider.protocol === 'ocds-releases') {
    return { protocol: 'ocds-releases', baseUrl: `${provider.url}${OCDS_FEED_PATH}`, tokenUrl: provider.tokenUrl, auth: { kind: 'oauth2-password', ...provider.credentials } }
  }
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

export type ConnectionTester = (system: SystemProfile, clave: string) => Promise<ConnectionTestResult>

export interface SeedOutcome {
  clave: string
  system: SystemId
  stage: RegistryStage
  /** The failed checks when the connection test kept the ente in `pruebas`. */
  failedChecks?: string[]
}

async function registerEnte (ctx: RegistryContext, provider: SeedableEnte): Promise<void> {
  try {
    await getEnte(ctx, SEED_ACTOR, provider.clave)
  } catch (err) {
    if (!isRegistryError(err, 'REGISTRY_NOT_FOUND')) throw err
    await createEnte(ctx, SEED_ACTOR, enteInputOf(provider))
  }
}

async function registerConnection (ctx: RegistryContext, system: SystemId, provider: SeedableEnte): Promise<RegistryConnection> {
  try {
    await getConnection(ctx, SEED_ACTOR, provider.clave, system)
  } catch (err) {
    if (!isRegistryError(err, 'REGISTRY_NOT_FOUND')) throw err
    return await createConnection(ctx, SEED_ACTOR, provider.clave, system, connectionInputOf(provider))
  }
  // A database kept from an earlier run: the simulator listens elsewhere now, so the connection
  // changes and is tested again before it serves (production goes through maintenance).
  const updated = await updateConnection(ctx, SEED_ACTOR, provider.clave, system, connectionInputOf(provider))
  if (updated.stage !== 'produccion') return updated
  return await changeStage(ctx, SEED_ACTOR, provider.clave, system, { stage: 'mantenimiento', observations: OBSERVATIONS })
}

/**
 * A service refusing the test with 503 is shedding load (a busy machine right after start), not
 * judging the connection: the test is asked again, as a client honouring Retry-After would.
 */
async function testUnlessShed (test: ConnectionTester, system: SystemProfile, clave: string): ReturnType<ConnectionTester> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await test(system, clave)
    } catch (err) {
      if ((err as { status?: unknown }).status !== 503 || attempt === 5) throw err
      await new Promise(resolve => setTimeout(resolve, 1000))
    }
  }
}

/**
 * Walks one simulated ente's connection for one system through the onboarding as operators would
 * — solicitud → estandar → mecanismo → pruebas → (a passing connection test) → aprobada →
 * produccion — through the registry's own functions. A failing test leaves it in `pruebas`, as it
 * would a real ente.
 */
export async function seedSimulatedEnte (ctx: RegistryContext, system: SystemProfile, provider: SeedableEnte, test: ConnectionTester): Promise<SeedOutcome> {
  await registerEnte(ctx, provider)
  let connection = await registerConnection(ctx, system.id, provider)
  while (connection.stage !== 'produccion') {
    let next = TOWARD_PRODUCTION[connection.stage]
    if (connection.stage === 'pruebas') {
      const result = await testUnlessShed(test, system, provider.clave)
      await recordTestReport(ctx, SEED_ACTOR, provider.clave, system.id, result)
      if (!result.passed) return { clave: provider.clave, system: system.id, stage: 'pruebas', failedChecks: result.checks.filter(c => !c.passed).map(c => c.name) }
      next = 'aprobada'
    }
    if (next === undefined) break
    connection = await changeStage(ctx, SEED_ACTOR, provider.clave, system.id, { stage: next, observations: OBSERVATIONS })
  }
  return { clave: provider.clave, system: system.id, stage: connection.stage }
}

/**
 * On a database kept from earlier runs (a persistent demo, the benchmarks' run of several
 * federations), the simulated entes this run does not start would point at closed ports: their
 * connections, if this seeding registered them, are suspended. Entes registered by people through
 * the API are left alone.
 */
async function retireStaleSeeds (ctx: RegistryContext, current: Set<string>): Promise<void> {
  for (const connection of await listConnections(ctx, SEED_ACTOR, {})) {
    if (current.has(`${connection.ente}/${connection.system}`) || connection.stage === 'suspendida') continue
    const [registration] = await stageHistory(ctx, SEED_ACTOR, connection.ente, connection.system)
    if (registration?.actor.kind !== SEED_ACTOR.kind || registration.actor.id !== SEED_ACTOR.id) continue
    await changeStage(ctx, SEED_ACTOR, connection.ente, connection.system, { stage: 'suspendida', observations: 'El ente simulado no se inició en esta ejecución' })
  }
}

/**
 * Seeds every simulated ente's connection for each of the given systems it serves, a few at a
 * time, and retires the simulated connections of earlier runs. With `retryFailed` (`npm start`), a
 * connection whose test failed is tested once more, alone, after the others.
 */
export async function seedRegistry (ctx: RegistryContext, systems: readonly SystemProfile[], providers: readonly SeedableEnte[], test: ConnectionTester, concurrency = 8, retryFailed = false): Promise<SeedOutcome[]> {
  const work = providers.flatMap(provider => systems.filter(system => systemsOf(provider).includes(system.id)).map(system => ({ system, provider })))
  await retireStaleSeeds(ctx, new Set(work.map(({ system, provider }) => `${provider.clave}/${system.id}`)))
  // An ente's record first, once, so its systems' connections can be seeded side by side.
  for (const provider of providers) await registerEnte(ctx, provider)
  const outcomes: SeedOutcome[] = []
  const queue = [...work]
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      outcomes.push(await seedSimulatedEnte(ctx, item.system, item.provider, test))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker))
  if (retryFailed) {
    // A simulated ente follows the standard: a failed test comes from a machine too busy while every
    // test ran at once (calls that timed out). As an operator would, test those again, one at a time.
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.stage !== 'pruebas') continue
      const item = work.find(w => w.provider.clave === outcome.clave && w.system.id === outcome.system)
      if (item !== undefined) outcomes[index] = await seedSimulatedEnte(ctx, item.system, item.provider, test)
    }
  }
  // By clave, then in the order of the list of systems.
  const rank = (o: SeedOutcome): number => SYSTEM_IDS.indexOf(o.system)
  return outcomes.sort((a, b) => a.clave < b.clave ? -1 : a.clave > b.clave ? 1 : rank(a) - rank(b))
}
