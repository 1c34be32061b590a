import { flatQuery, flatSort, type AnyRecord, type Query, type Sort } from './reference.js'
import type { SystemProfile } from './profile.js'

// Who may see what, for every system, by one rule: a client whose token holds the system's
// privileged scope (an authority's) sees whole records and may send `rfcSolicitante` on to the
// entes; every other client gets the public version (the profile's `privateFields` removed,
// whatever the ente sent) and its `rfcSolicitante` never leaves the gateway.

/** The privileged scope of a system: `read:<system>:privado` (e.g. `read:s1:privado`). */
export function privilegedScope (system: Pick<SystemProfile, 'id'>): string {
  return `read:${system.id}:privado`
}

function isObject (value: unknown): value is AnyRecord {
  return typeof value === 'object' && value !== null
}

/** Counts, and with `remove` deletes, what a dotted path names (crossing arrays). */
function visitPath (node: unknown, steps: readonly string[], remove: boolean): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, item) => sum + visitPath(item, steps, remove), 0)
  if (!isObject(node) || steps.length === 0) return 0
  const [step, ...rest] = steps as [string, ...string[]]
  if (!(step in node)) return 0
  if (rest.length > 0) return visitPath(node[step], rest, remove)
  if (remove) delete node[step]
  return 1
}

function visitFields (record: AnyRecord, privateFields: readonly string[], remove: boolean): number {
  let found = 0
  for (const field of privateFields) {
    for (const alternative of field.split('|')) found += visitPath(record, alternative.split('.'), remove)
  }
  return found
}

/** Removes the private fields from a record, in place; returns how many were present. */
export function removePrivateFields (record: AnyRecord, privateFields: readonly string[]): number {
  return visitFields(record, privateFields, true)
}

/**
 * How a record line (the internal contract's `recordsAs: lines`) says its private fields were
 * removed for a public answer: it starts with a space, whitespace JSON ignores, so the line is
 * still spliced as it is and the gateway names the ente without reading the record.
 */
export const PRIVATE_REMOVED_MARK = ' '

/** Whether a record line (text or UTF-8 bytes) had its private fields removed: it starts with `PRIVATE_REMOVED_MARK`. */
export function hadPrivateFields (line: string | Uint8Array): boolean {
  return typeof line === 'string' ? line.startsWith(PRIVATE_REMOVED_MARK) : line[0] === PRIVATE_REMOVED_MARK.charCodeAt(0)
}

/** Whether a record holds any private field. */
export function hasPrivateFields (record: AnyRecord, privateFields: readonly string[]): boolean {
  return visitFields(record, privateFields, false) > 0
}

/**
 * The public version of a record: the record itself when it holds no private field, otherwise a
 * copy without them (records may be shared with other answers), flagged `removed`.
 */
export function publicVersion (record: AnyRecord, privateFields: readonly string[]): { record: AnyRecord, removed: boolean } {
  if (privateFields.length === 0 || !hasPrivateFields(record, privateFields)) return { record, removed: false }
  const copy = structuredClone(record)
  removePrivateFields(copy, privateFields)
  return { record: copy, removed: true }
}

/** Whether a record path lies within a private field (the field itself or anything inside it). */
export function isWithin (path: string, privateFields: readonly string[]): boolean {
  return path.split('|').some(alternative => privateFields.some(field => field.split('|').some(p => alternative === p || alternative.startsWith(`${p}.`))))
}

/** The query fields (dotted names) that filter on a private field: refused to a public client. */
export function privateFilters (profile: SystemProfile, query: Query, privateFields: readonly string[]): string[] {
  return flatQuery(profile, query).flatMap(([field]) => {
    const spec = profile.filters[field]
    return spec !== undefined && 'path' in spec && isWithin(spec.path, privateFields) ? [field] : []
  })
}

/**
 * The sort fields (dotted names) that sort by a private field: refused to a public client, whose
 * records carry no value to merge the entes' orders by.
 */
export function privateSorts (profile: SystemProfile, sort: Sort, privateFields: readonly string[]): string[] {
  return flatSort(sort).flatMap(([field]) => {
    const path = profile.sorts[field]
    return path !== undefined && isWithin(path, privateFields) ? [field] : []
  })
}
