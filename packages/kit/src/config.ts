import type { Static, TObject } from '@sinclair/typebox'
import envSchema from 'env-schema'
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import { ConfigError } from './errors.js'
import { describeValidation } from './validation-messages.js'

interface VariableSchema { description?: string }

/** The way to fix a variable: its schema's description, when it has one. */
function hint (schema: TObject, variable: string): string {
  const description = (schema.properties[variable] as VariableSchema | undefined)?.description
  return description === undefined ? '' : ` (${description})`
}

/**
 * One Spanish sentence per bad variable, naming it and saying how to fix it. Messages come from
 * the schema's keywords and descriptions, never from the value: a secret given in the wrong
 * place is not echoed.
 */
function describeEnvErrors (schema: TObject, errors: FastifySchemaValidationError[]): string {
  const problems: string[] = []
  const missing = errors.filter(e => e.keyword === 'required')
  // `anyOf: [{ required: [A] }, { required: [B] }]`: one of several variables must be set.
  const oneOf = missing.filter(e => e.schemaPath.startsWith('#/anyOf')).map(e => String(e.params.missingProperty))
  if (oneOf.length > 0) problems.push(`defina una de estas variables: ${oneOf.map(v => `${v}${hint(schema, v)}`).join(' o ')}`)
  for (const error of missing.filter(e => !e.schemaPath.startsWith('#/anyOf'))) {
    const variable = String(error.params.missingProperty)
    problems.push(`falta la variable ${variable}${hint(schema, variable)}`)
  }
  for (const error of errors.filter(e => e.keyword !== 'required' && e.keyword !== 'anyOf')) {
    const variable = error.instancePath.replace(/^\//, '').split('/')[0] ?? ''
    problems.push(`${describeValidation(variable, [{ ...error, instancePath: '' }])}${hint(schema, variable)}`)
  }
  return [...new Set(problems)].join('; ')
}

/**
 * Reads and validates configuration from the environment at start-up, with the type derived from
 * the schema (compose the fragments of env.ts). A bad or missing variable stops the process with
 * a `ConfigError` (`SEE_CONFIG`) naming it, instead of failing later on first use. A variable
 * set to the empty string counts as unset.
 */
export function loadConfig<S extends TObject> (schema: S, env: Record<string, unknown> = process.env): Static<S> {
  // `VAR=` (set but empty, as compose files and shells leave them) counts as unset: its default applies.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  try {
    return envSchema<Static<S>>({ schema, data: given, env: false, dotenv: false })
  } catch (err) {
    const errors = (err as { errors?: FastifySchemaValidationError[] }).errors
    throw new ConfigError(errors === undefined || errors.length === 0 ? 'el entorno no es válido' : describeEnvErrors(schema, errors))
  }
}
