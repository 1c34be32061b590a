import { invalidQuery } from './errors.js'

// Directus filter rules evaluated over in-memory items, the way Directus's SQL does it:
// `_contains`/`_icontains` are `LIKE '%value%'` (`LOWER` on both sides for the latter) with `%`,
// `_` and `\` left as LIKE syntax; a missing field behaves as NULL; a nested object descends into
// a related item, and into a list of related items as «some of them» (`_some`, `_none` explicit).

export type Item = Record<string, unknown>

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** SQL `value LIKE pattern` with `\` as the escape character. */
export function like (value: string, pattern: string): boolean {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string
    if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string)
    else if (char === '%') source += '.*'
    else if (char === '_') source += '.'
    else source += escapeRegExp(char)
  }
  return new RegExp(`^${source}$`, 'su').test(value)
}

function escapeRegExp (char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function same (field: unknown, wanted: unknown): boolean {
  if (typeof field === 'number' && typeof wanted === 'string' && wanted.trim() !== '') return field === Number(wanted)
  return field === wanted
}

function list (value: unknown, operator: string): unknown[] {
  if (Array.isArray(value)) return value
  if (typeof value === 'string') return value.split(',')
  throw invalidQuery(`"${operator}" needs a list.`)
}

function applyOperator (operator: string, field: unknown, wanted: unknown): boolean {
  switch (operator) {
    case '_eq': return field !== undefined && field !== null && same(field, wanted)
    case '_neq': return field !== undefined && field !== null && !same(field, wanted)
    case '_in': return field !== undefined && field !== null && list(wanted, operator).some(value => same(field, value))
    case '_nin': return field !== undefined && field !== null && !list(wanted, operator).some(value => same(field, value))
    case '_null': return (field === undefined || field === null) === (wanted === true || wanted === 'true')
    case '_nnull': return (field !== undefined && field !== null) === (wanted === true || wanted === 'true')
    case '_contains': return typeof field === 'string' && like(field, `%${String(wanted)}%`)
    case '_ncontains': return typeof field === 'string' && !like(field, `%${String(wanted)}%`)
    case '_icontains': return typeof field === 'string' && like(field.toLowerCase(), `%${String(wanted).toLowerCase()}%`)
    case '_starts_with': return typeof field === 'string' && like(field, `${String(wanted)}%`)
    case '_istarts_with': return typeof field === 'string' && like(field.toLowerCase(), `${String(wanted).toLowerCase()}%`)
    default: throw invalidQuery(`Unknown filter operator "${operator}".`)
  }
}

/** Whether the value of a field passes the rule under it (an operator, or a nested rule). */
function fieldPasses (value: unknown, rule: unknown): boolean {
  if (!isObject(rule)) return applyOperator('_eq', value, rule)
  const [key, inner] = Object.entries(rule)[0] ?? []
  if (key === undefined) return true
  if (key === '_some' || key === '_none') {
    const related = Array.isArray(value) ? value : []
    const some = related.some(entry => matchesFilter(entry, inner))
    return key === '_some' ? some : !some
  }
  if (key.startsWith('_') && key !== '_and' && key !== '_or') return applyOperator(key, value, inner)
  if (Array.isArray(value)) return value.some(entry => matchesFilter(entry, rule))
  return matchesFilter(value, rule)
}

/** Whether an item (or a related item) passes a filter. */
export function matchesFilter (item: unknown, filter: unknown): boolean {
  if (!isObject(filter)) throw invalidQuery('Invalid filter object.')
  return Object.entries(filter).every(([key, rule]) => {
    if (key === '_and' || key === '_or') {
      if (!Array.isArray(rule)) throw invalidQuery(`"${key}" needs a list.`)
      return key === '_and' ? rule.every(part => matchesFilter(item, part)) : rule.some(part => matchesFilter(item, part))
    }
    if (key.startsWith('_')) throw invalidQuery(`Unknown filter operator "${key}".`)
    const value = isObject(item) ? item[key] : undefined
    return fieldPasses(value, rule)
  })
}
