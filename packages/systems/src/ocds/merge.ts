// The OCDS merge rules (OCDS 1.1 "Merging"): a contracting process' compiled release from its
// releases. npm holds no maintained OCDS merge library (the standard's own is ocdsmerge, in
// Python), so this is a small module following the same rules:
// - releases are taken in date order (a stable sort: equal dates keep the given order);
// - a release's `id`, `date` and `tag` are omitted when merging (`omitWhenMerged`);
// - objects merge field by field, recursively; a `null` value removes the field;
// - an array of objects that all carry an `id` merges item by item by that `id` (new ids append);
// - any other array, and the `wholeListMerge` arrays (additional identifiers and classifications),
//   is replaced whole by the latest release's;
// - the compiled release gets `ocid`, `id` `<ocid>-<date of the latest release>`, that `date` and
//   `tag: ["compiled"]`.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = Record<string, Json>

/** Release fields the schema marks `omitWhenMerged`. */
export const OMIT_WHEN_MERGED: readonly string[] = ['id', 'date', 'tag']
/** Array fields the schema marks `wholeListMerge`. */
export const WHOLE_LIST_MERGE: readonly string[] = ['additionalIdentifiers', 'additionalClassifications']

const wholeList = new Set(WHOLE_LIST_MERGE)

function isObject (value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasIds (items: readonly Json[]): items is JsonObject[] {
  return items.length > 0 && items.every(item => isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number'))
}

function mergeArray (previous: Json | undefined, next: Json[], field: string): Json[] {
  if (wholeList.has(field) || !hasIds(next) || !Array.isArray(previous) || !hasIds(previous)) return structuredClone(next)
  const merged = previous.map(item => structuredClone(item))
  const at = new Map(merged.map((item, index) => [String(item.id), index]))
  for (const item of next) {
    const index = at.get(String(item.id))
    if (index === undefined) {
      at.set(String(item.id), merged.length)
      merged.push(mergeObject({}, item))
    } else {
      merged[index] = mergeObject(merged[index] as JsonObject, item)
    }
  }
  return merged
}

function mergeValue (previous: Json | undefined, next: Json, field: string): Json {
  if (Array.isArray(next)) return mergeArray(previous, next, field)
  if (isObject(next)) return mergeObject(isObject(previous) ? previous : {}, next)
  return next
}

/** `next` merged over a copy of `previous`. */
function mergeObject (previous: JsonObject, next: JsonObject): JsonObject {
  const merged: JsonObject = { ...previous }
  for (const [field, value] of Object.entries(next)) {
    if (value === null) delete merged[field]
    else merged[field] = mergeValue(merged[field], value, field)
  }
  return merged
}

/** A release as the merge reads it. */
export interface MergeableRelease {
  ocid: string
  date: string
  [field: string]: unknown
}

/** The releases in the order the merge takes them: by `date`, ties in the given order. */
export function releasesByDate<T extends { date: string }> (releases: readonly T[]): T[] {
  return releases.map((release, index) => ({ release, index, at: Date.parse(release.date) }))
    .sort((a, b) => (a.at - b.at) || (a.index - b.index))
    .map(({ release }) => release)
}

/** The compiled release of one contracting process (every release of one `ocid`). */
export function compileRelease (releases: readonly MergeableRelease[]): Record<string, unknown> {
  const ordered = releasesByDate(releases)
  const last = ordered.at(-1)
  if (last === undefined) throw new RangeError('a compiled release needs at least one release')
  const ocids = new Set(ordered.map(release => release.ocid))
  if (ocids.size > 1) throw new RangeError(`releases of several processes: ${[...ocids].join(', ')}`)
  let compiled: JsonObject = {}
  for (const release of ordered) {
    const fields = Object.fromEntries(Object.entries(release).filter(([field]) => !OMIT_WHEN_MERGED.includes(field))) as JsonObject
    compiled = mergeObject(compiled, fields)
  }
  return { ...compiled, ocid: last.ocid, id: `${last.ocid}-${last.date}`, date: last.date, tag: ['compiled'] }
}
