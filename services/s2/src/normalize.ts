import { Ajv, type ErrorObject } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { PUBLIC_SCHEMA_ID, publicDocument, ref, schemaBundle } from '@see/openapi'
import type { Dependencia, SpicRecord } from '@see/openapi/types'
import { EnteCallError } from './outcome-errors.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

// Ajv of our own, unlike Fastify's: here unknown fields are stripped (normalized to the standard's
// shape) instead of rejected. Nothing is coerced: a field of the wrong type drops the record.
const ajv = new Ajv({ removeAdditional: true, coerceTypes: false, useDefaults: false, allErrors: false, keywords: ['components', 'example'] })
addFormats(ajv)
ajv.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
const validateRecord = ajv.compile<SpicRecord>(ref(PUBLIC_SCHEMA_ID, 'ServidorPublicoContrataciones'))
// The standard does not require `nombre`, but an institution without a name is useless in a catalogue.
const validateDependencia = ajv.compile<Dependencia>({ allOf: [ref(PUBLIC_SCHEMA_ID, 'Dependencia'), { type: 'object', required: ['nombre'] }] })

export interface NormalizedPage {
  totalRows: number
  hasNextPage: boolean
  results: SpicRecord[]
  /** Records left out because they do not meet the standard. */
  dropped: number
  /** Why the first dropped record failed (a JSON pointer and Ajv's reason, never record values). */
  firstProblem?: string
}

export interface NormalizedDependencias {
  dependencias: Dependencia[]
  dropped: number
  firstProblem?: string
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe (errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0]
  return first === undefined ? 'no cumple el estándar' : `${first.instancePath} ${first.message ?? 'no es válido'}`
}

/**
 * Validates one record in place (unknown fields are removed). The only conversion made is of an
 * integer `id` to its string: entes backed by SQL often publish numeric keys, and the federated id
 * is a string anyway. Returns the problem when the record is not usable.
 */
function normalizeRecord (record: unknown, index: number): SpicRecord | string {
  if (!isObject(record)) return `/results/${index} no es un objeto`
  if (typeof record.id === 'number' && Number.isSafeInteger(record.id)) record.id = String(record.id)
  if (!validateRecord(record)) return `/results/${index}${describe(validateRecord.errors)}`
  if (record.id.length === 0) return `/results/${index}/id está vacío`
  return record
}

function checkEnvelope (data: unknown): { totalRows: number, hasNextPage: boolean, results: unknown[] } {
  if (!isObject(data)) throw new EnteCallError('ENTE_BAD_SHAPE', '(la respuesta no es un objeto)')
  const { pagination, results } = data
  if (!isObject(pagination)) throw new EnteCallError('ENTE_BAD_SHAPE', '(falta pagination)')
  const { totalRows, hasNextPage } = pagination
  if (typeof totalRows !== 'number' || !Number.isSafeInteger(totalRows) || totalRows < 0) {
    throw new EnteCallError('ENTE_BAD_SHAPE', '(pagination.totalRows no es un entero >= 0)')
  }
  if (typeof hasNextPage !== 'boolean') throw new EnteCallError('ENTE_BAD_SHAPE', '(pagination.hasNextPage no es booleano)')
  if (!Array.isArray(results)) throw new EnteCallError('ENTE_BAD_SHAPE', '(results no es un arreglo)')
  return { totalRows, hasNextPage, results }
}

/**
 * Checks an ente's `/v1/spic` answer and keeps the records that meet the standard. With
 * `countOnly` only the envelope is checked: a count round needs `totalRows`, not the records.
 */
export function normalizeSpicPage (data: unknown, options: { countOnly?: boolean } = {}): NormalizedPage {
  const envelope = checkEnvelope(data)
  const page: NormalizedPage = { totalRows: envelope.totalRows, hasNextPage: envelope.hasNextPage, results: [], dropped: 0 }
  if (options.countOnly === true) return page
  envelope.results.forEach((candidate, index) => {
    const outcome = normalizeRecord(candidate, index)
    if (typeof outcome !== 'string') {
      page.results.push(outcome)
      return
    }
    page.dropped += 1
    page.firstProblem ??= outcome
  })
  return page
}

/** Checks an ente's `/v1/spic/dependencias` answer: a bare array of `{nombre, siglas?, clave?}`. */
export function normalizeDependencias (data: unknown): NormalizedDependencias {
  if (!Array.isArray(data)) throw new EnteCallError('ENTE_BAD_SHAPE', '(la lista de dependencias no es un arreglo)')
  const normalized: NormalizedDependencias = { dependencias: [], dropped: 0 }
  data.forEach((candidate, index) => {
    if (validateDependencia(candidate)) {
      normalized.dependencias.push(candidate)
      return
    }
    normalized.dropped += 1
    normalized.firstProblem ??= `/${index}${describe(validateDependencia.errors)}`
  })
  return normalized
}
