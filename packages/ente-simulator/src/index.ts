export { startSimulator } from './simulator.js'
export { SLOW_TOKEN_MS } from './provider/defects.js'
export { startProvider, type ProviderRuntime } from './provider/server.js'
export { defaultFleet, type FleetOptions } from './fleet.js'
export { toRegistryFile, type ConnectionExtras } from './registry.js'
export { createControlServer, viewOf, type ProviderView, type SystemView } from './control.js'
export { generateRecords, dependenciasOf, type GenerateOptions } from './data/generate.js'
export { generateSancionados } from './data/servidores-sancionados.js'
export { generateParticulares } from './data/particulares-sancionados.js'
export { generateDeclaraciones, type ExtraDeclaracion } from './data/declaraciones.js'
export { institutionsOf } from './data/dependencias.js'
export type { DatasetOptions } from './data/dataset.js'
export { enteProfile, NAMED_ENTES_COUNT, type EnteProfile } from './data/entes.js'
export {
  searchSpic, matchesQuery, sortRecords, compareIds, searchSystem, sortSystemRecords,
  type SpicSearch, type SystemAnswer, type SystemSearch
} from './query.js'
export { SIMULATED_SYSTEMS, simulatedSystem, systemsSpeaking, type SimulatedSystem } from './systems.js'
export { mulberry32, seedFromString, Random } from './prng.js'
export { SimulatorConfigError } from './errors.js'
export {
  DEFECTS,
  FAULTS,
  type Defect,
  type Fault,
  type ExtraParticular,
  type ExtraRecord,
  type ExtraSancionado,
  type Institucion,
  type ProviderCounters,
  type ProviderCredentials,
  type ProviderOptions,
  type ProviderProtocol,
  type SimulatedProvider,
  type Simulator,
  type SimulatorOptions,
  type SlowBodyOptions,
  type SystemCounters
} from './types.js'
export { registerDirectusRoutes, collectionsFromPairs, runItemsQuery, type DirectusRoutesOptions, type Item as DirectusItemRecord } from './directus/index.js'
export { exampleRecords, searchAnswerExample, type SearchAnswerExample } from './search-example.js'
export { OCDS_FEED_PAGE_SIZE, OCDS_FEED_PATH } from './provider/ocds-feed.js'
