// Spanish collation for `sort` (`ñ` after `n`, accents secondary). Entes sort with it and the
// gateway merges with it, so both agree on order.
const collator = new Intl.Collator('es', { usage: 'sort', sensitivity: 'variant' })

export function compareSpanish (a: string, b: string): number {
  return collator.compare(a, b)
}

export type SortDirection = 'asc' | 'desc'
