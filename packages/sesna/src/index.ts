export { foldVowels, matchesText } from './text.js'
export { compareSpanish, type SortDirection } from './collation.js'
export { federatedId, parseFederatedId } from './ids.js'
export { S2_SORT_FIELDS, S2_TEXT_FILTERS, s2SortValue, compareS2, type S2Sort, type S2SortField } from './s2.js'
