import { enteProfile } from './data/entes.js'
import { SimulatorConfigError } from './errors.js'
import { seedFromString } from './prng.js'
import type { Fault, ProviderOptions } from './types.js'

export interface FleetOptions {
  /** Generated records per provider (default 100). */
  size?: number
  /** Mixed with each clave to seed its data; absent, each provider is seeded by its clave alone. */
  seed?: number
  latencyMs?: number
  jitterMs?: number
  fault?: Fault
  tokenTtlSeconds?: number
}

const MAX_FLEET = 1000

/**
 * Options for `n` providers standing for distinct Chiapas entes: SHCH, SSA, CONGRESO, TUXTLA, SCLC,
 * TAPACHULA, COMITAN, FGE, PJE, ASE, ... then municipalities, then generic ones.
 */
export function defaultFleet (n: number, options: FleetOptions = {}): ProviderOptions[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_FLEET) throw new SimulatorConfigError(`El número de proveedores debe ser un entero entre 0 y ${MAX_FLEET}.`)
  return Array.from({ length: n }, (_, index) => {
    const { clave, nombre, siglas, instituciones } = enteProfile(index)
    const provider: ProviderOptions = { clave, nombre, siglas, instituciones, size: options.size ?? 100 }
    if (options.seed !== undefined) provider.seed = seedFromString(`${options.seed}:${clave}`)
    if (options.latencyMs !== undefined) provider.latencyMs = options.latencyMs
    if (options.jitterMs !== undefined) provider.jitterMs = options.jitterMs
    if (options.fault !== undefined) provider.fault = options.fault
    if (options.tokenTtlSeconds !== undefined) provider.tokenTtlSeconds = options.tokenTtlSeconds
    return provider
  })
}
