import { Ajv, type ErrorObject } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { ocdsReleaseSchema, PUBLIC_SCHEMA_ID, publicDocument, ref, schemaBundle } from '@see/openapi'
import type { Dependencia } from '@see/openapi/types'
import { valuesAt, type AnyRecord, type RecordStandard, type SystemProfile } from '@see/systems'
import { EnteCallError } from './outcome-errors.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

// Ajv of our own, unlike Fastify's: here unknown fields are stripped (normalized to the standard's
// shape) instead of rejected. Nothing is coerced: a field of the wrong type drops the record.
const ajv = new Ajv({ removeAdditional: true, coerceTypes: false, useDefaults: false, allErrors: false, keywords: ['components', 'example'] })
addFormats(ajv)
ajv.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))

/** A record the standard's schema accepted (unknown fields removed), with its id as a non-empty string. */
export type StandardRecord = AnyRecord & { id: string }

type RecordValidator = ((record: unknown) => boolean) & { errors?: ErrorObject[] | null }
const recordValidators = new Map<string, RecordValidator>()

function compiled (schema: string): RecordValidator {
  let validate = recordValidators.get(schema)
  if (validate === undefined) {
    validate = ajv.compile(ref(PUBLIC_SCHEMA_ID, schema)) as RecordValidator
    recordValidators.set(schema, validate)
  }
  return validate
}

// Published standards of their own (S6: OCDS 1.1.5 releases) are JSON Schema files that allow
// any extension field: validated by an Ajv that removes nothing and knows their annotations.
const standardAjv = new Ajv({ strict: false, allErrors: false })
addFormats(standardAjv)
const standardValidators = new Map<RecordStandard, RecordValidator>()

function standardValidator (standard: RecordStandard): RecordValidator {
  let validate = standardValidators.get(standard)
  if (validate === undefined) {
    validate = standardAjv.compile(ocdsReleaseSchema()) as RecordValidator
    standardValidators.set(standard, validate)
  }
  return validate
}

/** Both checks in turn: the first one's errors when it fails. */
function both (first: RecordValidator, second: RecordValidator): RecordValidator {
  const check = ((record: unknown): boolean => {
    for (const validate of [first, second]) {
      if (!validate(record)) {
        check.errors = validate.errors
        return false
      }
    }
    check.errors = null
    return true
  }) as RecordValidator
  return check
}

/**
 * The validator of a system's record schema, compiled once per process. With `recordVariants`
 * (S1), a record must also meet the schema of its variant (its declaration type); with a
 * `standard` (S6), the standard's own schema (the OCDS release schema).
 */
function validatorOf (system: SystemProfile): RecordValidator {
  const schemas = system.schemas
  if (schemas === undefined) throw new Error(`system ${system.id} has no record schema`)
  const base = compiled(schemas.record)
  if (system.standard !== undefined) return both(base, standardValidator(system.standard))
  const variants = schemas.recordVariants
  if (variants === undefined) return base
  const check = ((record: unknown): boolean => {
    check.errors = null
    if (!base(record)) {
      check.errors = base.errors
      return false
    }
    const variant = valuesAt(record, variants.path)[0]
    const schema = typeof variant === 'string' ? variants.schemas[variant] : undefined
    if (schema === undefined) {
      check.errors = [{ instancePath: `/${variants.path.replaceAll('.', '/')}`, schemaPath: '', keyword: 'enum', params: {}, message: 'no es un tipo conocido' }]
      return false
    }
    const validate = compiled(schema)
    const valid = validate(record)
    if (!valid) check.errors = validate.errors
    return valid
  }) as RecordValidator
  return check
}
// The standard does not require `nombre`, but an institution without a name is useless in a catalogue.
const validateDependencia = ajv.compile<Dependencia>({ allOf: [ref(PUBLIC_SCHEMA_ID, 'Dependencia'), { type: 'object', required: ['nombre'] }] })

export interface NormalizedPage {
  totalRows: number
  hasNextPage: boolean
  results: StandardRecord[]
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
function normalizeRecord (validate: RecordValidator, record: unknown, index: number): StandardRecord | string {
  if (!isObject(record)) return `/results/${index} no es un objeto`
  if (typeof record.id === 'number' && Number.isSafeInteger(record.id)) record.id = String(record.id)
  if (!validate(record)) return `/results/${index}${describe(validate.errors)}`
  if (typeof record.id !== 'string' || record.id.length === 0) return `/results/${index}/id está vacío`
  return record as StandardRecord
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
 * Checks an ente's search answer (`{pagination, results}`) and keeps the records that meet the
 * system's standard. With `countOnly` only the envelope is checked: a count round needs
 * `totalRows`, not the records.
 */
export function normalizePage (system: SystemProfile, data: unknown, options: { countOnly?: boolean } = {}): NormalizedPage {
  return normalizeRecords(system, checkEnvelope(data), options)
}

/** Keeps the records of an already checked envelope that meet the system's standard. */
export function normalizeRecords (system: SystemProfile, envelope: { totalRows: number, hasNextPage: boolean, results: unknown[] }, options: { countOnly?: boolean } = {}): NormalizedPage {
  const page: NormalizedPage = { totalRows: envelope.totalRows, hasNextPage: envelope.hasNextPage, results: [], dropped: 0 }
  if (options.countOnly === true) return page
  const validate = validatorOf(system)
  envelope.results.forEach((candidate, index) => {
    const outcome = normalizeRecord(validate, candidate, index)
    if (typeof outcome !== 'string') {
      page.results.push(outcome)
      return
    }
    page.dropped += 1
    page.firstProblem ??= outcome
  })
  return page
}

/** Checks an ente's `…/dependencias` answer: a bare array of `{nombre, siglas?, clave?}`. */
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
