// The directus-v2 provider protocol (SESNA's Directus capture tools): pure planning and reading of
// Directus requests that give v1 answers. The service makes the HTTP calls with its own client.
export { directusErrorFor, parseItemsAnswer, type ItemsAnswer } from './answers.js'
export { selectCollections, type CollectionFilter, type DirectusFilter, type FilterLimits, type Selection } from './conditions.js'
export {
  assembleDirectusDependencias, DIRECTUS_DEPENDENCIAS_DEFAULTS, planDirectusDependencias, runDirectusDependencias,
  type Dependencia, type DirectusDependenciasOptions, type DirectusDependenciasPlan, type DirectusDependenciasStep
} from './dependencias.js'
export { DirectusProtocolError, type DirectusErrorCode } from './errors.js'
export { itemsRequest, type DirectusRequest, type ItemsQuery } from './requests.js'
export {
  assembleDirectusSearch, DIRECTUS_SEARCH_DEFAULTS, planDirectusSearch, runDirectusSearch,
  type DirectusFetch, type DirectusSearchOptions, type DirectusSearchPlan, type DirectusSearchResult,
  type DirectusSearchStep, type DirectusUnsupported, type V1SearchRequest
} from './search.js'
export { windowsOf, type Window } from './windows.js'
