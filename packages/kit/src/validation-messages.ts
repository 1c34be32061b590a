import { createRequire } from 'node:module'
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'

// ajv-i18n is CommonJS with a default-export typing that does not match its `module.exports`.
const localizeEs = createRequire(import.meta.url)('ajv-i18n/localize/es') as (errors: FastifySchemaValidationError[]) => void

/**
 * Turns Ajv errors into one Spanish sentence naming the field, e.g.
 * `body/pageSize debe ser <= 200` or `body no debe tener propiedades adicionales ("foo")`.
 */
export function describeValidation (context: string | undefined, errors: FastifySchemaValidationError[]): string {
  const copies = errors.map(e => ({ ...e }))
  localizeEs(copies)
  return copies.map(e => {
    const where = `${context ?? ''}${e.instancePath}`
    const extra = e.keyword === 'additionalProperties' ? ` ("${String(e.params.additionalProperty)}")` : ''
    return `${where} ${e.message ?? 'no es válido'}${extra}`.trim()
  }).join('; ')
}
