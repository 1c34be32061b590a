import { createRequire } from 'node:module'
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'

// ajv-i18n is CommonJS with a default-export typing that does not match its `module.exports`.
const localizeEs = createRequire(import.meta.url)('ajv-i18n/localize/es') as (errors: FastifySchemaValidationError[]) => void

/** How many problems one message names; the rest are counted (a body may break a rule thousands of times). */
export const MAX_LISTED_PROBLEMS = 10

const TYPE_NAMES: Record<string, string> = {
  string: 'texto',
  number: 'número',
  integer: 'número entero',
  boolean: 'booleano (true o false)',
  object: 'objeto',
  array: 'arreglo',
  null: 'null'
}

function characters (n: unknown): string {
  return Number(n) === 1 ? '1 carácter' : `${String(n)} caracteres`
}

function typeNames (type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',')
  return types.map(t => TYPE_NAMES[String(t)] ?? String(t)).join(' o ')
}

/**
 * Our own Spanish for the keywords ajv-i18n gets wrong ("deber ser", "és", "patron", "caracter",
 * English leftovers) or says unhelpfully (an enum or a constant without its values, JSON type
 * names); the rest is ajv-i18n's.
 */
function ownMessage (error: FastifySchemaValidationError): string | undefined {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'enum': return `debe ser uno de: ${(params.allowedValues as unknown[] ?? []).map(v => JSON.stringify(v)).join(', ')}`
    case 'const': return `debe ser ${JSON.stringify(params.allowedValue)}`
    case 'type': return `debe ser ${typeNames(params.type)}`
    case 'minLength': return `no debe tener menos de ${characters(params.limit)}`
    case 'maxLength': return `no debe tener más de ${characters(params.limit)}`
    case 'unevaluatedItems': return `no debe tener más de ${String(params.len)} elementos`
    case 'discriminator': return `tiene un valor no válido en "${String(params.tag)}"`
    case 'pattern': return `debe coincidir con el patrón "${String(params.pattern)}"`
    case 'false schema': return 'no está permitido'
    case 'propertyNames': return 'tiene un nombre de propiedad no válido'
    case 'unevaluatedProperties': return `no debe tener propiedades adicionales ("${String(params.unevaluatedProperty)}")`
    case 'additionalProperties': return `no debe tener propiedades adicionales ("${String(params.additionalProperty)}")`
    default: return undefined
  }
}

function describeOne (context: string | undefined, error: FastifySchemaValidationError): string {
  const where = `${context ?? ''}${error.instancePath}`
  return `${where} ${ownMessage(error) ?? error.message ?? 'no es válido'}`.trim()
}

/**
 * Turns Ajv errors into one Spanish sentence naming every problem with its field, e.g.
 * `body/pageSize debe ser <= 200; body no debe tener propiedades adicionales ("foo")`. Repeated
 * problems are named once; beyond `MAX_LISTED_PROBLEMS` the rest are counted.
 */
export function describeValidation (context: string | undefined, errors: FastifySchemaValidationError[]): string {
  const copies = errors.map(e => ({ ...e }))
  localizeEs(copies)
  const problems = [...new Set(copies.map(e => describeOne(context, e)))]
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ')
  const rest = problems.length - MAX_LISTED_PROBLEMS
  return rest > 0 ? `${listed}; y ${rest} problema${rest === 1 ? '' : 's'} más` : listed
}
