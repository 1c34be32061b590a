import { describe, expect, it } from 'vitest'
import { loadS2Config } from '../../src/config.js'

describe('loadS2Config', () => {
  it('applies the defaults', () => {
    expect(loadS2Config({ ENTES_FILE: '/etc/see/entes.json' })).toEqual({
      ENTES_FILE: '/etc/see/entes.json', PORT: 3102, HOST: '127.0.0.1', LOG_LEVEL: 'info', MAX_RESPONSE_BYTES: 10 * 1024 * 1024
    })
  })

  it('reads numbers from the environment', () => {
    expect(loadS2Config({ ENTES_FILE: 'e.json', PORT: '4000', MAX_RESPONSE_BYTES: '2048' })).toMatchObject({ PORT: 4000, MAX_RESPONSE_BYTES: 2048 })
  })

  it('names a missing ENTES_FILE', () => {
    expect(() => loadS2Config({})).toThrow(/ENTES_FILE/)
  })
})
