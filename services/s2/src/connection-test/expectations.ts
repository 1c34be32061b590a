import type { SpicRecord, SpicSort } from '@see/openapi/types'
import { compareS2, foldVowels, matchesText, S2_TEXT_FILTERS, type S2Sort } from '@see/sesna'
import type { PageView } from './page.js'

export type TextFilter = typeof S2_TEXT_FILTERS[number]

/** Records the test already holds (the first 200) and whether they are all the ente has. */
export interface Sample {
  records: SpicRecord[]
  totalRows: number
  complete: boolean
}

export function textOf (record: SpicRecord, field: TextFilter): string | undefined {
  return field === 'institucionDependencia' ? record.institucionDependencia.nombre : record[field]
}

/**
 * A filter for a text field taken from the sample: four letters from inside its longest word,
 * without vowel accents and in capitals, so a match needs the standard's substring,
 * case-insensitive and vowel-accent-insensitive semantics. Undefined when no record has the field.
 */
export function textFilterFrom (sample: Sample, field: TextFilter): string | undefined {
  for (const record of sample.records) {
    const words = (textOf(record, field) ?? '').trim().split(/\s+/).filter(w => w !== '')
    if (words.length === 0) continue
    const word = words.reduce((a, b) => b.length > a.length ? b : a)
    return foldVowels(word.length <= 4 ? word : word.slice(1, 5)).toUpperCase()
  }
  return undefined
}

export function textMatcher (field: TextFilter, filter: string): (record: SpicRecord) => boolean {
  return record => matchesText(textOf(record, field), filter)
}

/** One or two `tipoProcedimiento` claves present in the sample (an any-of filter). */
export function tiposFrom (sample: Sample): number[] {
  const claves = new Set<number>()
  for (const record of sample.records) {
    for (const tipo of record.tipoProcedimiento) {
      if (tipo.clave !== undefined) claves.add(tipo.clave)
      if (claves.size === 2) return [...claves]
    }
  }
  return claves.size > 0 ? [...claves] : [1]
}

export function tiposMatcher (wanted: number[]): (record: SpicRecord) => boolean {
  return record => record.tipoProcedimiento.some(tipo => tipo.clave !== undefined && wanted.includes(tipo.clave))
}

/**
 * A filtered answer against the reference semantics: every record meets the filter, and
 * `totalRows` counts at least the sample's matching records (exactly those when the sample holds
 * every record of the ente).
 */
export function filteredProblems (page: PageView, sample: Sample, matches: (record: SpicRecord) => boolean, what: string): string[] {
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
export function sortProblems (page: PageView, sample: Sample, sort: SpicSort): string[] {
  const problems: string[] = []
  const rows = page.results
  for (let i = 1; i < rows.length; i++) {
    if (compareS2(sort as S2Sort, rows[i - 1] as SpicRecord, rows[i] as SpicRecord) > 0) {
      problems.push(`los registros ${rows[i - 1]?.id ?? ''} y ${rows[i]?.id ?? ''} no siguen el orden ${JSON.stringify(sort)}`)
      break
    }
  }
  if (page.totalRows !== sample.totalRows) problems.push(`totalRows es ${page.totalRows} con orden y ${sample.totalRows} sin él`)
  return problems
}
