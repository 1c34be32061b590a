export { foldVowels, matchesText } from './text.js'
export { compareSpanish, type SortDirection } from './collation.js'
export { federatedId, parseFederatedId } from './ids.js'
