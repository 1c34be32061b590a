import type { SystemId } from '../profile.js'

// How a system's v1 records are read from Directus items, as data. Paths on the v2 side are dotted
// paths into an item fetched with `fields=*.*.*`; a step written `name[]` crosses a one-to-many
// list (Directus answers an array of related items there). Paths on the v1 side are dotted paths
// into the v1 record, as the system's profile names them.

/** One entry of a catalogue: a v2 code and the v1 `{clave, valor, descripcion?}` it stands for. */
export interface CodeEntry {
  v2: string
  v1: { clave: string | number, valor: string, descripcion?: string }
}

export type FieldRule =
  /** A string copied from the first value at `v2`; numbers become their decimal text. */
  | { kind: 'text', v1: string, v2: string }
  /** Every string at each `v2` path, in order, joined by `separator` (names, lists of facts). */
  | { kind: 'join', v1: string, v2: readonly string[], separator: string }
  /** The same value for every record of the collection (what the collection itself says). */
  | { kind: 'constant', v1: string, value: unknown }
  /**
   * Codes at `v2` (one, a JSON array, or one per related item) turned into the catalogue's v1
   * entries: a list at `v1` when `list`, otherwise the entry of the first known code. Codes the
   * table does not know are left out. Several rules may feed the same v1 list. `v2Array` says
   * the field at the end of `v2` holds a JSON array of codes (a multiple-choice field).
   */
  | { kind: 'code', v1: string, v2: string, table: readonly CodeEntry[], list: boolean, v2Array?: boolean }
  /** The first date or date-time among `v2`, as an RFC 3339 date-time (dates at 00:00 UTC). */
  | { kind: 'timestamp', v1: string, v2: readonly string[], writeDateOnly?: boolean }
  /** The first date (`YYYY-MM-DD`) at `v2`. */
  | { kind: 'date', v1: string, v2: string }
  /** The first finite number at `v2`. */
  | { kind: 'number', v1: string, v2: string }

export type IdType = 'uuid' | 'integer' | 'string'

export interface CollectionMapping {
  collection: string
  /**
   * Prefix of the v1 id (`<tag>-<id>`) when the system spans several collections, so ids stay
   * unique across them and an `id` query names its collection. Tags never contain `-`.
   */
  tag?: string
  /** The primary key's type: an `id` query that cannot be one is known to match nothing. */
  idType: IdType
  rules: readonly FieldRule[]
  /** v1 string paths the v1 schema requires: '' when the collection has no value (or does not publish it). */
  required?: readonly string[]
  /** v1 objects kept only when they carry these fields (the v1 schema requires them inside). */
  requires?: Readonly<Record<string, readonly string[]>>
}

export interface SystemMapping {
  system: SystemId
  /** Collections in the fixed order their records are laid end to end. */
  collections: readonly CollectionMapping[]
  /** The `fields` parameter of a search (the PDN reads `*.*.*`). */
  fields: string
}
