import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/index.js'

const schema = { type: 'object', required: ['ENTES_FILE'], properties: { PORT: { type: 'integer', default: 3000 }, ENTES_FILE: { type: 'string' } } }

describe('loadConfig', () => {
  it('applies defaults and converts numbers from the environment', () => {
    expect(loadConfig<{ PORT: number }>(schema, { ENTES_FILE: 'x', PORT: '8080' }).PORT).toBe(8080)
  })
  it('names the missing or bad variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(/ENTES_FILE/)
    expect(() => loadConfig(schema, { ENTES_FILE: 'x', PORT: 'abc' })).toThrow(/PORT/)
  })
})
