import { foldVowels } from '@see/sesna'
import { compareRecords, isPrivatePath, matchesQuery, nestField, textAt, valuesAt, type Query, type Sort, type SystemProfile } from '@see/systems'
import type { StandardRecord } from '../normalize.js'
import type { PageView } from './page.js'
import { problem, type Problem, type ProblemCode } from './problems.js'

/** Records the test already holds (the first 200) and whether they are all the ente has. */
export interface Sample {
  records: StandardRecord[]
  totalRows: number
  complete: boolean
}

/** A filter to try, named after the check that tries it, and the kind of problem a wrong answer is. */
export interface SampleFilter {
  name: string
  query: Query
  code: ProblemCode
  /** Why the check has nothing to try in this ente's data (it then passes, saying so). */
  notApplicable?: string
}

const ACCENTED = /[áéíóúü]/i

/** The words of the text at `path` in each record of the sample, longest first within a record. */
function wordsAt (sample: Sample, path: string): string[][] {
  return sample.records.map(record => (textAt(record, path) ?? '').trim().split(/\s+/).filter(w => w !== '').sort((a, b) => b.length - a.length))
}

/**
 * A filter for a text field taken from the sample: four letters from inside its longest word,
 * without vowel accents and in capitals, so a match needs the standard's substring,
 * case-insensitive and vowel-accent-insensitive semantics. Undefined when no record has the field.
 */
export function textFilterFrom (sample: Sample, path: string): string | undefined {
  for (const [word] of wordsAt(sample, path)) {
    if (word === undefined) continue
    return foldVowels(word.length <= 4 ? word : word.slice(1, 5)).toUpperCase()
  }
  return undefined
}

/** The first word of a text field in the sample that `pick` accepts, as that field's filter. */
function wordFilter (system: SystemProfile, sample: Sample, pick: (word: string) => boolean): { field: string, word: string } | undefined {
  for (const [field, spec] of Object.entries(system.filters)) {
    if (spec.kind !== 'text' || isPrivateFilter(system, spec)) continue
    for (const words of wordsAt(sample, spec.path)) {
      const word = words.find(pick)
      if (word !== undefined) return { field, word }
    }
  }
  return undefined
}

/** A word with an accented vowel, searched without accents and in capitals: it must still be found. */
function accentFilter (system: SystemProfile, sample: Sample): SampleFilter {
  const name = 'filtro sin acentos'
  const found = wordFilter(system, sample, word => ACCENTED.test(word))
  if (found === undefined) return { name, query: {}, code: 'ACCENTS', notApplicable: 'ningún registro de la muestra tiene vocales acentuadas en un campo de texto' }
  return { name, query: nestField(found.field, foldVowels(found.word).toUpperCase()), code: 'ACCENTS' }
}

/** A word with `ñ`, searched with `n` instead: records with `ñ` must not be found. */
function enyeFilter (system: SystemProfile, sample: Sample): SampleFilter {
  const name = 'filtro ñ distinta de n'
  const found = wordFilter(system, sample, word => /ñ/i.test(word))
  if (found === undefined) return { name, query: {}, code: 'ENYE', notApplicable: 'ningún registro de la muestra tiene ñ en un campo de texto' }
  return { name, query: nestField(found.field, foldVowels(found.word).replace(/ñ/g, 'n').toUpperCase()), code: 'ENYE' }
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

function firstValueAt (sample: Sample, path: string): unknown {
  return sample.records.map(record => valuesAt(record, path)[0]).find(v => v !== undefined)
}

/** `query.id` with part of an id: an exact match finds nothing but a record with exactly that id. */
function idFragment (sample: Sample): string {
  const id = sample.records[0]?.id ?? 'see-prueba'
  return id.length > 1 ? id.slice(0, -1) : `${id}0`
}

/** The filters of one query field, with values from the sample. */
function filtersOf (field: string, spec: SystemProfile['filters'][string], sample: Sample): SampleFilter[] {
  const name = `filtro ${field}`
  switch (spec.kind) {
    case 'id': return [
      { name, query: { id: sample.records[0]?.id ?? 'see-prueba-sin-registros' }, code: 'ID_EXACT' },
      { name: `${name} exacto`, query: { id: idFragment(sample) }, code: 'ID_EXACT' }
    ]
    case 'text': return [{ name, query: nestField(field, textFilterFrom(sample, spec.path) ?? 'A'), code: 'FILTER' }]
    case 'anyOf': {
      const values = anyOfFrom(sample, spec.path)
      return values.length > 0 ? [{ name, query: nestField(field, values), code: 'FILTER' }] : []
    }
    case 'equals': {
      const value = firstValueAt(sample, spec.path)
      return value !== undefined ? [{ name, query: nestField(field, value), code: 'FILTER' }] : []
    }
    case 'range': {
      const value = firstValueAt(sample, spec.path)
      return typeof value === 'number' ? [{ name, query: nestField(field, { min: value, max: value }), code: 'RANGE' }] : []
    }
    case 'date': {
      const value = firstValueAt(sample, spec.path)
      return typeof value === 'string' ? [{ name, query: nestField(field, value), code: 'RANGE' }] : []
    }
    case 'requester': return []
  }
}

/**
 * Filters for every query field of the system with values taken from the ente's own records, so
 * the answer can be checked: text (a fragment), any-of (one or two claves), exact values, ranges
 * (min = max, both inclusive), the id (exact, and a part of one that must find nothing else); then
 * the text semantics: a word without its accents, and `ñ` kept apart from `n`.
 */
export function sampleFilters (system: SystemProfile, sample: Sample): SampleFilter[] {
  // Asked without rfcSolicitante, a well-behaved ente publishes no private field: a filter on one cannot be checked.
  const filters = Object.entries(system.filters).filter(([, spec]) => !isPrivateFilter(system, spec)).flatMap(([field, spec]) => filtersOf(field, spec, sample))
  const hasText = Object.values(system.filters).some(spec => spec.kind === 'text')
  return hasText ? [...filters, accentFilter(system, sample), enyeFilter(system, sample)] : filters
}

/** Whether a filter reads a private field (see `sampleFilters`). */
function isPrivateFilter (system: SystemProfile, spec: SystemProfile['filters'][string]): boolean {
  return 'path' in spec && isPrivatePath(spec.path, system.privateFields)
}

/** The names of the filter checks a sample may give (for when they cannot run). */
export function filterCheckNames (system: SystemProfile): string[] {
  const names = Object.entries(system.filters).filter(([, spec]) => !isPrivateFilter(system, spec)).flatMap(([field, spec]) => {
    switch (spec.kind) {
      case 'requester': return []
      case 'id': return [`filtro ${field}`, `filtro ${field} exacto`]
      default: return [`filtro ${field}`]
    }
  })
  const hasText = Object.values(system.filters).some(spec => spec.kind === 'text')
  return hasText ? [...names, 'filtro sin acentos', 'filtro ñ distinta de n'] : names
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
export function filteredProblems (system: SystemProfile, page: PageView, sample: Sample, filter: Pick<SampleFilter, 'query' | 'code'>): Problem[] {
  const { query, code } = filter
  const what = `el filtro ${JSON.stringify(query)}`
  const matches = (record: StandardRecord): boolean => matchesQuery(system, record, query)
  const problems: Problem[] = []
  const wrong = page.results.find(record => !matches(record))
  if (wrong !== undefined) problems.push(problem(code, `el registro ${wrong.id} no cumple ${what}`))
  const expected = sample.records.filter(matches).length
  if (sample.complete ? page.totalRows !== expected : page.totalRows < expected) {
    problems.push(problem(code, `totalRows es ${page.totalRows}; de los ${sample.records.length} registros del ente ${sample.complete ? '' : 'ya vistos '}${expected} cumplen ${what}`))
  }
  return problems
}

/** A sorted answer: consecutive records in order (Spanish collation) and the same total as without sort. */
export function sortProblems (system: SystemProfile, page: PageView, sample: Sample, sort: Sort): Problem[] {
  const problems: Problem[] = []
  const rows = page.results
  for (let i = 1; i < rows.length; i++) {
    if (compareRecords(system, sort, rows[i - 1]!, rows[i]!) > 0) {
      problems.push(problem('SORT_ORDER', `los registros ${rows[i - 1]?.id ?? ''} y ${rows[i]?.id ?? ''} no siguen el orden ${JSON.stringify(sort)}`))
      break
    }
  }
  if (page.totalRows !== sample.totalRows) problems.push(problem('SORT_TOTAL', `totalRows es ${page.totalRows} con orden y ${sample.totalRows} sin él`))
  return problems
}
