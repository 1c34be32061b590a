import { SYSTEMS, directusMappingFor, isSystemId, type AnyRecord, type SystemId, type SystemProfile } from '@see/systems'
import type { DatasetOptions } from './data/dataset.js'
import { generateAuditorias, type ExtraAuditoria } from './data/auditorias.js'
import { generateContrataciones, type ExtraRelease } from './data/contrataciones.js'
import { generateDenuncias, type ExtraDenuncia } from './data/denuncias.js'
import { generateDeclaraciones } from './data/declaraciones.js'
import { generateRecords } from './data/generate.js'
import { generateParticulares } from './data/particulares-sancionados.js'
import { generateSancionados } from './data/servidores-sancionados.js'
import { SimulatorConfigError } from './errors.js'
import type { ExtraParticular, ExtraRecord, ExtraSancionado, ProviderProtocol } from './types.js'

// Which systems a simulated provider can serve: those whose profile gives the standard's paths and
// public schemas, and for which this package knows how to make realistic data. Everything else a
// provider does (routes, search, faults) is read from the profile.

/** Makes a system's records for one ente. */
export type Generator = (options: DatasetOptions<AnyRecord>) => readonly AnyRecord[]

/**
 * The system the simulator served alone before it served several: the default of
 * `ProviderOptions.systems`, and the one `records`, `dependencias` and `searchSpic` speak of.
 */
export const FIRST_SYSTEM: SystemId = 's2'

// The data generators are what the simulator knows per system; each one's records are shaped by
// the system's standard, so they are named here rather than in the profiles.
const GENERATORS: Partial<Record<SystemId, Generator>> = {
  s1: options => generateDeclaraciones(options),
  s2: options => generateRecords({ ...options, extraRecords: options.extraRecords as ExtraRecord[] | undefined }),
  s3s: options => generateSancionados({ ...options, extraRecords: options.extraRecords as ExtraSancionado[] | undefined }),
  s3p: options => generateParticulares({ ...options, extraRecords: options.extraRecords as ExtraParticular[] | undefined }),
  s4: options => generateAuditorias({ ...options, extraRecords: options.extraRecords as ExtraAuditoria[] | undefined }),
  s5: options => generateDenuncias({ ...options, extraRecords: options.extraRecords as ExtraDenuncia[] | undefined }),
  s6: options => generateContrataciones({ ...options, extraRecords: options.extraRecords as ExtraRelease[] | undefined })
}

/** A system as a provider serves it: its profile, its routes, the schema its requests must meet. */
export interface SimulatedSystem {
  profile: SystemProfile
  searchPath: string
  /** Absent for systems whose standard has no catalogue of institutions (S1). */
  dependenciasPath?: string
  requestSchema: string
  generate: Generator
}

function simulated (profile: SystemProfile): SimulatedSystem | undefined {
  const generate = GENERATORS[profile.id]
  const { search, dependencias } = profile.paths
  if (generate === undefined) return undefined
  return { profile, searchPath: search, ...(dependencias !== undefined && { dependenciasPath: dependencias }), requestSchema: profile.schemas.request, generate }
}

const SIMULATED = new Map(SYSTEMS.flatMap(profile => {
  const system = simulated(profile)
  return system === undefined ? [] : [[profile.id, system] as const]
}))

/** Every system a provider can serve, in the PDN's order. */
export const SIMULATED_SYSTEMS: readonly SystemId[] = [...SIMULATED.keys()]

/** The system as a provider serves it; a configuration error for one it cannot serve. */
export function simulatedSystem (id: string): SimulatedSystem {
  const system = isSystemId(id) ? SIMULATED.get(id) : undefined
  if (system === undefined) throw new SimulatorConfigError(`El simulador no sirve el sistema «${id}»; use uno de: ${SIMULATED_SYSTEMS.join(', ')}.`)
  return system
}

/**
 * The systems a provider of a protocol can serve: every simulated one in `sesna-v1`; in
 * `directus-v2` only those SESNA's capture tools cover (a v2 mapping in the profiles' package); in
 * `ocds-releases` only those whose records are OCDS releases (S6).
 */
export function systemsSpeaking (protocol: ProviderProtocol): SystemId[] {
  return SIMULATED_SYSTEMS.filter(id => {
    const profile = SIMULATED.get(id)!.profile
    if (protocol === 'directus-v2') return directusMappingFor(profile) !== undefined
    if (protocol === 'ocds-releases') return profile.standard === 'ocds-1.1.5-release'
    return true
  })
}
