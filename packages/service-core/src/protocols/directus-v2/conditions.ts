import { isEmptyFilter, matchesQuery, type AnyRecord, type FilterSpec, type Query, type SystemProfile } from '@see/systems'
import type { CollectionMapping, FieldRule, SystemMapping } from '@see/systems'
import { plainPath, setV1 } from '@see/systems'
import { foldFilter, longestPiece, sendable, spellingCount, spellings, vowelCount } from './text.js'

// A v1 query as Directus filters, one per collection. Each filter either selects exactly the items
// whose v1 record the reference semantics match (`exact`), or a superset of them that the caller
// must filter locally after fetching every item it selects. A collection whose records can never
// match is left out altogether.

export type DirectusFilter = Record<string, unknown>

export interface CollectionFilter {
  collection: CollectionMapping
  /** Position in the mapping's fixed order. */
  rank: number
  filter: DirectusFilter | undefined
  exact: boolean
}

export type Selection = { collections: CollectionFilter[] } | { unsupported: string }

export interface FilterLimits {
  /** Longest `filter` parameter, URL-encoded, a request may carry (text filters shrink to fit). */
  maxFilterLength: number
}

/** Beyond this many spellings a text filter is never tried whole. */
const MAX_SPELLINGS = 625
/** Vowels a piece of a text filter starts with when the whole cannot be sent. */
const PIECE_VOWELS = 3
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const INTEGER = /^(0|[1-9]\d{0,15})$/

/** `{a: {b: leaf}}` for the path `a.b`. */
function nested (path: string, leaf: unknown): DirectusFilter {
  return plainPath(path).split('.').reduceRight<unknown>((inner, step) => ({ [step]: inner }), leaf) as DirectusFilter
}

function anyOf (filters: DirectusFilter[]): DirectusFilter {
  return filters.length === 1 ? filters[0] as DirectusFilter : { _or: filters }
}

/** A text filter on some v2 paths, sent whole (`maxVowels` Infinity), as a piece, or not at all (-1). */
interface TextCondition {
  kind: 'text'
  paths: string[]
  folded: string
  avoid: string
  maxVowels: number
}

type Condition =
  | { kind: 'exclude' }
  | { kind: 'always' }
  | { kind: 'filter', filter: DirectusFilter, exact: boolean }
  | { kind: 'unknown' }
  | TextCondition

function textPiece (text: TextCondition): string | undefined {
  if (text.maxVowels === Infinity) return text.folded
  if (text.maxVowels < 0) return undefined
  const piece = longestPiece(text.folded, text.maxVowels, text.avoid)
  return piece === '' ? undefined : piece
}

function textFilter (text: TextCondition): DirectusFilter | undefined {
  const piece = textPiece(text)
  if (piece === undefined) return undefined
  return anyOf(text.paths.flatMap(path => spellings(piece).map(spelling => nested(path, { _icontains: spelling }))))
}

function textWeight (text: TextCondition): number {
  const piece = textPiece(text)
  return piece === undefined ? 0 : text.paths.length * spellingCount(piece)
}

function lower (text: TextCondition): void {
  const vowels = vowelCount(text.folded)
  text.maxVowels = text.maxVowels === Infinity ? Math.min(vowels - 1, PIECE_VOWELS) : text.maxVowels - 1
}

function textCondition (paths: string[], wanted: unknown, avoid: string, wholeAllowed: boolean): TextCondition {
  const folded = foldFilter(String(wanted))
  const whole = wholeAllowed && sendable(folded, avoid) && spellingCount(folded) <= MAX_SPELLINGS
  return { kind: 'text', paths, folded, avoid, maxVowels: whole ? Infinity : Math.min(vowelCount(folded), PIECE_VOWELS) }
}

/** Rules of a collection that produce the v1 value at `path` (or an object holding it). */
function rulesFor (collection: CollectionMapping, path: string): FieldRule[] {
  return collection.rules.filter(rule => rule.v1 === path || path.startsWith(`${rule.v1}.`))
}

/** The reference's verdict on a value every record of the collection shares. */
function constantVerdict (profile: SystemProfile, rule: FieldRule & { kind: 'constant' }, field: string, wanted: unknown): Condition {
  const record: AnyRecord = { id: '' }
  setV1(record, rule.v1, rule.value)
  return matchesQuery(profile, record, { [field]: wanted }) ? { kind: 'always' } : { kind: 'exclude' }
}

/** `_in` over the v2 codes whose v1 clave is wanted, for code rules read at `<v1>.clave`. */
function codeCondition (rules: FieldRule[], path: string, wanted: unknown[]): Condition {
  const filters: DirectusFilter[] = []
  let exact = true
  for (const rule of rules) {
    if (rule.kind !== 'code' || path !== `${rule.v1}.clave`) return { kind: 'unknown' }
    const codes = rule.table.filter(entry => wanted.includes(entry.v1.clave)).map(entry => entry.v2)
    if (codes.length === 0) continue
    // A JSON array column cannot be asked for membership; a single-entry rule keeps only its first code.
    if (rule.v2Array === true || (!rule.list && rule.v2.includes('[]'))) exact = false
    if (rule.v2Array !== true) filters.push(nested(rule.v2, { _in: codes }))
  }
  if (filters.length === 0) return exact ? { kind: 'exclude' } : { kind: 'unknown' }
  return { kind: 'filter', filter: anyOf(filters), exact }
}

function conditionFor (profile: SystemProfile, collection: CollectionMapping, field: string, spec: FilterSpec, wanted: unknown): Condition {
  if (!('path' in spec)) return { kind: 'always' }
  const rules = rulesFor(collection, spec.path)
  if (rules.length === 0) return { kind: 'exclude' }
  const [rule] = rules as [FieldRule]
  if (rule.kind === 'constant') return constantVerdict(profile, rule, field, wanted)
  switch (spec.kind) {
    case 'text':
      if (rules.length > 1 || rule.v1 !== spec.path) return { kind: 'unknown' }
      if (rule.kind === 'text') return textCondition([rule.v2], wanted, '', !rule.v2.includes('[]'))
      if (rule.kind === 'join') return textCondition([...rule.v2], wanted, rule.separator, true)
      return { kind: 'unknown' }
    case 'anyOf':
      return codeCondition(rules, spec.path, wanted as unknown[])
    case 'equals':
      if (rule.kind === 'code') return codeCondition(rules, spec.path, [wanted])
      if (rule.kind !== 'text' || rule.v1 !== spec.path) return { kind: 'unknown' }
      if (typeof wanted !== 'string') return { kind: 'exclude' }
      return { kind: 'filter', filter: nested(rule.v2, { _eq: wanted }), exact: !rule.v2.includes('[]') }
    default:
      return { kind: 'unknown' }
  }
}

function combine (parts: DirectusFilter[]): DirectusFilter | undefined {
  if (parts.length === 0) return undefined
  return parts.length === 1 ? parts[0] : { _and: parts }
}

function encodedLength (filter: DirectusFilter | undefined): number {
  return filter === undefined ? 0 : encodeURIComponent(JSON.stringify(filter)).length
}

/** The collection's filter, shrinking its text conditions (heaviest first) until it fits. */
function buildFilter (conditions: Condition[], limits: FilterLimits): { filter: DirectusFilter | undefined, exact: boolean } {
  const texts = conditions.filter((condition): condition is TextCondition => condition.kind === 'text')
  const render = (): { filter: DirectusFilter | undefined, exact: boolean } => {
    const parts: DirectusFilter[] = []
    let exact = true
    for (const condition of conditions) {
      if (condition.kind === 'filter') {
        parts.push(condition.filter)
        exact &&= condition.exact
      } else if (condition.kind === 'text') {
        const filter = textFilter(condition)
        if (filter !== undefined) parts.push(filter)
        exact &&= condition.maxVowels === Infinity
      } else if (condition.kind === 'unknown') {
        exact = false
      }
    }
    return { filter: combine(parts), exact }
  }
  let built = render()
  while (encodedLength(built.filter) > limits.maxFilterLength) {
    const heaviest = texts.filter(text => textWeight(text) > 0).sort((a, b) => textWeight(b) - textWeight(a))[0]
    if (heaviest === undefined) break
    lower(heaviest)
    built = render()
  }
  return built
}

/** The rules, in any collection, that publish the value a filter reads. */
function publishedAnywhere (mapping: SystemMapping, spec: FilterSpec): boolean {
  return !('path' in spec) || mapping.collections.some(collection => rulesFor(collection, spec.path).length > 0)
}

function idSelection (mapping: SystemMapping, id: unknown): Selection {
  const text = String(id)
  const collections: CollectionFilter[] = []
  mapping.collections.forEach((collection, rank) => {
    const prefix = collection.tag === undefined ? '' : `${collection.tag}-`
    if (!text.startsWith(prefix)) return
    const local = text.slice(prefix.length)
    if (collection.idType === 'uuid' && !UUID.test(local)) return
    if (collection.idType === 'integer' && !INTEGER.test(local)) return
    const key = collection.idType === 'integer' ? Number(local) : local
    collections.push({ collection, rank, filter: { id: { _eq: key } }, exact: true })
  })
  return { collections }
}

/**
 * Which collections a v1 query can match and the Directus filter of each. Unsupported only when
 * the query filters on a field no collection publishes: answering «none» would tell whoever asks
 * that nobody matches, which the provider cannot know.
 */
export function selectCollections (profile: SystemProfile, mapping: SystemMapping, query: Query, limits: FilterLimits): Selection {
  if (!isEmptyFilter(query.id)) return idSelection(mapping, query.id)
  const active = Object.entries(query).flatMap(([field, wanted]) => {
    const spec = profile.filters[field]
    if (spec === undefined || isEmptyFilter(wanted) || spec.kind === 'id' || spec.kind === 'requester') return []
    return [{ field, spec, wanted }]
  })
  for (const { field, spec, wanted } of active) {
    if (spec.kind === 'anyOf' && !Array.isArray(wanted)) return { unsupported: `El filtro «${field}» debe ser una lista de claves.` }
    if (!publishedAnywhere(mapping, spec)) {
      return { unsupported: `El proveedor directus-v2 no publica «${field}» (el rol Api-Interconexion de la herramienta capturadora no lo lee), así que no es posible filtrar por ese campo. Quite ese filtro de la consulta.` }
    }
  }
  const collections: CollectionFilter[] = []
  mapping.collections.forEach((collection, rank) => {
    const conditions = active.map(({ field, spec, wanted }) => conditionFor(profile, collection, field, spec, wanted))
    if (conditions.some(condition => condition.kind === 'exclude')) return
    collections.push({ collection, rank, ...buildFilter(conditions, limits) })
  })
  return { collections }
}
