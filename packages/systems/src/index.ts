export type { FilterSpec, IntakeSpec, RecordStandard, OfficialSpec, PdnSystemId, ProvisionalSpec, SystemExample, SystemId, SystemProfile, SystemSchemas } from './profile.js'
export { exampleOf } from './profile.js'
export { SYSTEM_IDS, SYSTEMS, isSystemId, profiles, systemById, systemOfScope } from './systems.js'
export {
  compareRecords, filtersOfKind, withinDateBound, flatQuery, flatSort, isEmptyFilter, matchesQuery, nestField, sortKeyComparator, sortKeysOf, sortValue, textAt, valuesAt,
  type AnyRecord, type Query, type Sort, type SortKey
} from './reference.js'
export * from './directus/index.js'
export { hadPrivateFields, hasPrivateFields, isWithin as isPrivatePath, PRIVATE_REMOVED_MARK, privateFilters, privateSorts, privilegedScope, publicVersion, removePrivateFields } from './visibility.js'
export { compileRelease, OMIT_WHEN_MERGED, releasesByDate, WHOLE_LIST_MERGE, type MergeableRelease } from './ocds/merge.js'
