import type { SystemId } from '@see/systems'
import { enteProfile } from './data/entes.js'
import { SimulatorConfigError } from './errors.js'
import { seedFromString } from './prng.js'
import { SIMULATED_SYSTEMS, systemsSpeaking } from './systems.js'
import type { Fault, ProviderOptions } from './types.js'

export interface FleetOptions {
  /** Systems every provider serves (default: every system the simulator can serve: S2, S3S, S3P). */
  systems?: SystemId[]
  /** Generated records per provider and system (default 100). */
  size?: number
  /** A different number of generated records for some systems. */
  sizes?: Partial<Record<SystemId, number>>
  /** Mixed with each clave to seed its data; absent, each provider is seeded by its clave alone. */
  seed?: number
  latencyMs?: number
  jitterMs?: number
  fault?: Fault
  tokenTtlSeconds?: number
  /** How many providers, the last ones of the fleet, speak `directus-v2` instead of `sesna-v1` (default 0). */
  directusEntes?: number
  /**
   * How many providers, those just before the `directus-v2` ones, publish plain OCDS release
   * packages (`ocds-releases`) instead: they serve only the systems whose records are OCDS releases (S6).
   */
  ocdsEntes?: number
}

const MAX_FLEET = 1000

/**
 * Options for `n` providers standing for distinct Chiapas entes: SHCH, SSA, CONGRESO, TUXTLA, SCLC,
 * TAPACHULA, COMITAN, FGE, PJE, ASE, ... then municipalities, then generic ones. Each serves every
 * system the simulator can serve, unless `systems` says which (a `directus-v2` one, those SESNA's
 * Directus tools capture).
 */
export function defaultFleet (n: number, options: FleetOptions = {}): ProviderOptions[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_FLEET) throw new SimulatorConfigError(`El número de proveedores debe ser un entero entre 0 y ${MAX_FLEET}.`)
  return Array.from({ length: n }, (_, index) => {
    const { clave, nombre, siglas, instituciones } = enteProfile(index)
    const directusFrom = n - (options.directusEntes ?? 0)
    const directus = index >= directusFrom
    const feed = !directus && index >= directusFrom - (options.ocdsEntes ?? 0)
    // A Directus (v2) ente serves only the systems SESNA's capture tools cover (those with a v2 mapping);
    // an OCDS feed only those whose records are OCDS releases.
    const protocol = directus ? 'directus-v2' : feed ? 'ocds-releases' : 'sesna-v1'
    const systems = (options.systems ?? SIMULATED_SYSTEMS).filter(system => systemsSpeaking(protocol).includes(system))
    const provider: ProviderOptions = { clave, nombre, siglas, instituciones, systems, size: options.size ?? 100 }
    if (options.sizes !== undefined) provider.sizes = { ...options.sizes }
    if (options.seed !== undefined) provider.seed = seedFromString(`${options.seed}:${clave}`)
    if (options.latencyMs !== undefined) provider.latencyMs = options.latencyMs
    if (options.jitterMs !== undefined) provider.jitterMs = options.jitterMs
    if (options.fault !== undefined) provider.fault = options.fault
    if (options.tokenTtlSeconds !== undefined) provider.tokenTtlSeconds = options.tokenTtlSeconds
    if (protocol !== 'sesna-v1') provider.protocol = protocol
    return provider
  })
}
