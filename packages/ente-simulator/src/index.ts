export { startSimulator } from './simulator.js'
export { startProvider, type ProviderRuntime } from './provider/server.js'
export { defaultFleet, type FleetOptions } from './fleet.js'
export { toRegistryFile, type ConnectionExtras } from './registry.js'
export { createControlServer, viewOf, type ProviderView } from './control.js'
export { generateRecords, dependenciasOf, type GenerateOptions } from './data/generate.js'
export { enteProfile, NAMED_ENTES_COUNT, type EnteProfile } from './data/entes.js'
export { searchSpic, matchesQuery, sortRecords, compareIds, type SpicSearch } from './query.js'
export { mulberry32, seedFromString, Random } from './prng.js'
export { SimulatorConfigError } from './errors.js'
export {
  FAULTS,
  type Fault,
  type ExtraRecord,
  type Institucion,
  type ProviderCounters,
  type ProviderCredentials,
  type ProviderOptions,
  type SimulatedProvider,
  type Simulator,
  type SimulatorOptions,
  type SlowBodyOptions
} from './types.js'
