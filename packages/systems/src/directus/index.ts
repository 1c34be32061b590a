// How each system's records are read from SESNA's Directus (v2) capture tools, as data: the
// collections, the v2 field → v1 path rules, and the conversion both ways (the service reads v2
// items into v1 records; simulated v2 providers write v1 records as v2 items).
export type { CodeEntry, CollectionMapping, FieldRule, IdType, SystemMapping } from './mapping.js'
export { DIRECTUS_V2_MAPPINGS, directusMappingFor, S2_MAPPING, S3P_MAPPING, S3S_MAPPING } from './mappings/index.js'
export { getV1, plainPath, setV1, v2Values, type DirectusItem } from './paths.js'
export { collectionMapping, fromV1Record, toV1Record, v1Id } from './records.js'
