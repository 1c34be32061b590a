import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { REGISTRY_SCHEMA_ID, registryDocument, ref, schemaBundle } from '@see/openapi'
import { RegistryError } from '../model/errors.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

let ajv: Ajv | undefined
const compiled = new Map<string, ValidateFunction>()

function validatorFor (schemaName: string): ValidateFunction {
  const known = compiled.get(schemaName)
  if (known !== undefined) return known
  if (ajv === undefined) {
    ajv = new Ajv({ allErrors: true, keywords: ['components', 'example'] })
    addFormats(ajv)
    ajv.addSchema(schemaBundle(REGISTRY_SCHEMA_ID, registryDocument))
  }
  const validate = ajv.compile(ref(REGISTRY_SCHEMA_ID, schemaName))
  compiled.set(schemaName, validate)
  return validate
}

/**
 * Checks a value against a component schema of the registry's OpenAPI document (the same schema the
 * gateway's routes use), so callers that skip HTTP (seeding, scripts) get the same rules.
 */
export function assertValid<T> (schemaName: string, value: unknown): T {
  const validate = validatorFor(schemaName)
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ')
    throw new RegistryError('REGISTRY_INVALID_INPUT', `Datos inválidos: ${problems}`)
  }
  return value as T
}
