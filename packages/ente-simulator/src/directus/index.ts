export { registerDirectusRoutes, collectionsFromPairs, type DirectusRoutesOptions } from './routes.js'
export { runItemsQuery, type ItemsAnswer } from './query.js'
export { matchesFilter, like, type Item } from './filter.js'
export { DirectusSimError } from './errors.js'
