import { foldVowels } from '@see/sesna'
import { compareRecords, isPrivatePath, matchesQuery, nestField, textAt, valuesAt, type Query, type Sort, type SystemProfile } from '@see/systems'
import type { StandardRecord } from '../normalize.js'
import type { PageView } from './page.js'

/** Records the test already holds (the first 200) and whether they are all the ente has. */
export interface Sample {
  records: StandardRecord[]
  totalRows: number
  complete: boolean
}

/** A filter to try, named after the check that tries it. */
export interface SampleFilter {
  field: string
  query: Query
}

/**
 * A filter for a text field taken from the sample: four letters from inside its longest word,
 * without vowel accents and in capitals, so a match needs the standard's substring,
 * case-insensitive and vowel-accent-insensitive semantics. Undefined when no record has the field.
 */
export function textFilterFrom (sample: Sample, path: string): string | undefined {
  for (const record of sample.records) {
    const words = (textAt(record, path) ?? '').trim().split(/\s+/).filter(w => w !== '')
    if (words.length === 0) continue
    const word = words.reduce((a, b) => b.length > a.length ? b : a)
    return foldVowels(word.length <= 4 ? word : word.slice(1, 5)).toUpperCase()
  }
  return undefined
}

/** Up to two distinct values found at `path` in the sample (an any-of filter). */
function anyOfFrom (sample: Sample, path: string): unknown[] {
  const values = new Set<unknown>()
  for (const record of sample.records) {
    for (const value of valuesAt(record, path)) {
      values.add(value)
      if (values.size === 2) return [...values]
    }
  }
  return [...values]
}

/**
 * One filter per query field of the system, with a value taken from the ente's own records so the
 * answer can be checked: text (a fragment), any-of (one or two claves), exact values, and the id.
 * Fields whose value cannot be found in the sample are tried with a value that matches nothing.
 */
export function sampleFilters (system: SystemProfile, sample: Sample): SampleFilter[] {
  const filters: SampleFilter[] = []
  for (const [field, spec] of Object.entries(system.filters)) {
    // Asked without rfcSolicitante, a well-behaved ente publishes no private field: a filter on one cannot be checked.
    if ('path' in spec && isPrivatePath(spec.path, system.privateFields)) continue
    switch (spec.kind) {
      case 'id': filters.push({ field, query: { id: sample.records[0]?.id ?? 'see-prueba-sin-registros' } }); break
      case 'text': filters.push({ field, query: nestField(field, textFilterFrom(sample, spec.path) ?? 'A') }); break
      case 'anyOf': {
        const values = anyOfFrom(sample, spec.path)
        if (values.length > 0) filters.push({ field, query: nestField(field, values) })
        break
      }
      case 'equals': {
        const value = sample.records.map(record => valuesAt(record, spec.path)[0]).find(v => v !== undefined)
        if (value !== undefined) filters.push({ field, query: nestField(field, value) })
        break
      }
      case 'range': case 'requester': break
    }
  }
  return filters
}

/** Every sort field of the system, both ways. */
export function sampleSorts (system: SystemProfile): Array<[name: string, sort: Sort]> {
  return Object.keys(system.sorts).flatMap(field => (['asc', 'desc'] as const).map(direction => [`orden ${field} ${direction}`, nestField(field, direction) as Sort] as [string, Sort]))
}

/**
 * A filtered answer against the reference semantics: every record meets the filter, and
 * `totalRows` counts at least the sample's matching records (exactly those when the sample holds
 * every record of the ente).
 */
export function filteredProblems (system: SystemProfile, page: PageView, sample: Sample, query: Query): string[] {
  const what = `el filtro ${JSON.stringify(query)}`
  const matches = (record: StandardRecord): boolean => matchesQuery(system, record, query)
  const problems: string[] = []
  const wrong = page.results.find(record => !matches(record))
  if (wrong !== undefined) problems.push(`el registro ${wrong.id} no cumple ${what}`)
  const expected = sample.records.filter(matches).length
  if (sample.complete ? page.totalRows !== expected : page.totalRows < expected) {
    problems.push(`totalRows es ${page.totalRows}; de los ${sample.records.length} registros del ente ${sample.complete ? '' : 'ya vistos '}${expected} cumplen ${what}`)
  }
  return problems
}

/** A sorted answer: consecutive records in order (Spanish collation) and the same total as without sort. */
export function sortProblems (system: SystemProfile, page: PageView, sample: Sample, sort: Sort): string[] {
  const problems: string[] = []
  const rows = page.results
  for (let i = 1; i < rows.length; i++) {
    if (compareRecords(system, sort, rows[i - 1]!, rows[i]!) > 0) {
      problems.push(`los registros ${rows[i - 1]?.id ?? ''} y ${rows[i]?.id ?? ''} no siguen el orden ${JSON.stringify(sort)}`)
      break
    }
  }
  if (page.totalRows !== sample.totalRows) problems.push(`totalRows es ${page.totalRows} con orden y ${sample.totalRows} sin él`)
  return problems
}
