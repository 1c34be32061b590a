import { invalidQuery } from './errors.js'
import { matchesFilter, type Item } from './filter.js'

// `GET /items/:collection` over in-memory items: filter (JSON), sort (CSV, `-` for descending,
// dotted paths into related items), limit (default 100 as Directus's QUERY_LIMIT_DEFAULT, -1 for
// all), offset or page, meta (`filter_count`, `total_count`, `*`) and fields (`*`-style lists
// answer whole items; a list of dotted paths answers only those). Sorting compares strings by
// code point, as PostgreSQL's "C" collation does: not Spanish, on purpose, so clients cannot rely on it.

export interface ItemsAnswer {
  data: Item[]
  meta?: { filter_count?: number, total_count?: number }
}

const DEFAULT_LIMIT = 100

function integer (raw: string | null, name: string, fallback: number): number {
  if (raw === null || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value)) throw invalidQuery(`"${name}" must be an integer.`)
  return value
}

function parseFilter (raw: string | null): unknown {
  if (raw === null || raw === '') return undefined
  try {
    return JSON.parse(raw)
  } catch {
    throw invalidQuery('Invalid JSON for filter object.')
  }
}

function valueAt (item: unknown, path: string): unknown {
  let current = item
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined
    current = (current as Item)[step]
  }
  return current
}

function compareValues (a: unknown, b: unknown): number {
  const aNull = a === undefined || a === null
  const bNull = b === undefined || b === null
  if (aNull || bNull) return aNull && bNull ? 0 : aNull ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

function sortItems (items: Item[], raw: string | null): Item[] {
  if (raw === null || raw === '') return items
  const keys = raw.split(',').map(key => key.trim()).filter(key => key !== '').map(key => key.startsWith('-')
    ? { path: key.slice(1), direction: -1 }
    : { path: key, direction: 1 })
  return [...items].sort((a, b) => {
    for (const { path, direction } of keys) {
      const x = valueAt(a, path)
      const y = valueAt(b, path)
      // NULLs go last ascending and first descending, as in PostgreSQL.
      const order = compareValues(x, y)
      if (order !== 0) return direction * order
    }
    return 0
  })
}

function project (item: unknown, paths: string[][]): unknown {
  if (Array.isArray(item)) return item.map(entry => project(entry, paths))
  if (typeof item !== 'object' || item === null) return item
  const out: Item = {}
  const byHead = new Map<string, string[][]>()
  for (const [head, ...rest] of paths) {
    if (head === undefined) continue
    const group = byHead.get(head) ?? []
    group.push(rest)
    byHead.set(head, group)
  }
  for (const [head, rests] of byHead) {
    if (!(head in item)) continue
    const value = (item as Item)[head]
    out[head] = rests.some(rest => rest.length === 0) ? value : project(value, rests)
  }
  return out
}

function selectFields (items: Item[], raw: string | null): Item[] {
  const fields = (raw ?? '*').split(',').map(field => field.trim()).filter(field => field !== '')
  if (fields.length === 0 || fields.some(field => field.startsWith('*'))) return items
  const paths = fields.map(field => field.split('.'))
  return items.map(item => project(item, paths) as Item)
}

function metaOf (raw: string | null, total: number, filtered: number): ItemsAnswer['meta'] | undefined {
  if (raw === null || raw === '') return undefined
  const wanted = raw === '*' ? ['total_count', 'filter_count'] : raw.split(',').map(entry => entry.trim())
  const meta: NonNullable<ItemsAnswer['meta']> = {}
  if (wanted.includes('total_count')) meta.total_count = total
  if (wanted.includes('filter_count')) meta.filter_count = filtered
  return meta
}

/** Answers one items query over a collection's items; throws `DirectusSimError` for a bad query. */
export function runItemsQuery (items: readonly Item[], params: URLSearchParams): ItemsAnswer {
  const filter = parseFilter(params.get('filter'))
  const limit = integer(params.get('limit'), 'limit', DEFAULT_LIMIT)
  const page = integer(params.get('page'), 'page', 0)
  const offset = page > 0 && limit > 0 ? limit * (page - 1) : integer(params.get('offset'), 'offset', 0)
  if (limit < -1 || offset < 0) throw invalidQuery('"limit" and "offset" cannot be negative.')
  const matching = filter === undefined ? [...items] : items.filter(item => matchesFilter(item, filter))
  const sorted = sortItems(matching, params.get('sort'))
  const window = limit === -1 ? sorted.slice(offset) : sorted.slice(offset, offset + limit)
  const answer: ItemsAnswer = { data: selectFields(window, params.get('fields')) }
  const meta = metaOf(params.get('meta'), items.length, matching.length)
  if (meta !== undefined) answer.meta = meta
  return answer
}
