import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import { describe, expect, it } from 'vitest'
import { describeValidation, MAX_LISTED_PROBLEMS } from '../../src/validation-messages.js'

function problem (keyword: string, instancePath: string, params: Record<string, unknown>): FastifySchemaValidationError {
  return { keyword, instancePath, schemaPath: `#/${keyword}`, params, message: 'in English' }
}

describe('describeValidation', () => {
  it('says enum, pattern, type and length problems in correct Spanish, with the values to send', () => {
    const message = describeValidation('body', [
      problem('enum', '/sort', { allowedValues: ['asc', 'desc'] }),
      problem('pattern', '/rfc', { pattern: '^[A-Z]{4}' }),
      problem('type', '/page', { type: 'integer' }),
      problem('type', '/query', { type: ['object', 'null'] }),
      problem('maxLength', '/nombres', { limit: 1 }),
      problem('const', '/version', { allowedValue: 1 })
    ])
    expect(message).toBe([
      'body/sort debe ser uno de: "asc", "desc"',
      'body/rfc debe coincidir con el patrón "^[A-Z]{4}"',
      'body/page debe ser número entero',
      'body/query debe ser objeto o null',
      'body/nombres no debe tener más de 1 carácter',
      'body/version debe ser 1'
    ].join('; '))
    expect(message).not.toMatch(/deber ser|és|patron|caracter\b|in English/)
  })

  it('keeps ajv-i18n\'s Spanish for the other keywords', () => {
    expect(describeValidation('querystring', [problem('minimum', '/page', { comparison: '>=', limit: 1 })])).toBe('querystring/page debe ser >= 1')
  })

  it('names a repeated problem once and counts what lies beyond the first ten', () => {
    const repeated = Array.from({ length: 3 }, () => problem('type', '/page', { type: 'integer' }))
    expect(describeValidation('body', repeated)).toBe('body/page debe ser número entero')
    const many = Array.from({ length: MAX_LISTED_PROBLEMS + 3 }, (_, i) => problem('type', `/items/${i}`, { type: 'string' }))
    const message = describeValidation('body', many)
    expect(message.split('; ')).toHaveLength(MAX_LISTED_PROBLEMS + 1)
    expect(message).toMatch(/; y 3 problemas más$/)
  })
})
