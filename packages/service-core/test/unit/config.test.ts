import { profiles } from '@see/systems'
import { describe, expect, it } from 'vitest'
import { loadServiceConfig, resilienceOptionsOf } from '../../src/config.js'

const JWKS = 'http://127.0.0.1:3000/.well-known/jwks.json'

describe('loadServiceConfig', () => {
  it('applies the defaults', () => {
    expect(loadServiceConfig(profiles.s2, { GATEWAY_JWKS_URL: JWKS, ENTES_FILE: '/etc/see/entes.json' })).toEqual({
      GATEWAY_JWKS_URL: JWKS,
      ENTES_FILE: '/etc/see/entes.json',
      PORT: 3102,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The same default as the gateway's (one schema fragment): both share one namespace unless told.
      REDIS_PREFIX: 'see:',
      MAX_RESPONSE_BYTES: 10 * 1024 * 1024,
      RETRY_ENABLED: true,
      RETRY_DELAY_MS: 50,
      RETRY_MIN_CALL_MS: 100,
      BREAKER_ERROR_THRESHOLD_PERCENT: 50,
      BREAKER_VOLUME_THRESHOLD: 5,
      BREAKER_WINDOW_MS: 30_000,
      BREAKER_RESET_MS: 10_000,
      BREAKER_CONSECUTIVE_FAILURES: 0,
      BREAKER_CONSECUTIVE_TIMEOUTS: 3,
      ENTE_TIMEOUT_FACTOR: 4,
      ENTE_TIMEOUT_MIN_MS: 500,
      SHUTDOWN_DRAIN_MS: 5000,
      METRICS_HOST: '127.0.0.1'
    })
  })

  it('reads the resilience knobs and turns them into buildSystemService options', () => {
    const config = loadServiceConfig(profiles.s2, {
      GATEWAY_JWKS_URL: JWKS,
      ENTES_FILE: 'e.json',
      RETRY_ENABLED: 'false',
      RETRY_DELAY_MS: '10',
      RETRY_MIN_CALL_MS: '20',
      BREAKER_ERROR_THRESHOLD_PERCENT: '60',
      BREAKER_VOLUME_THRESHOLD: '8',
      BREAKER_WINDOW_MS: '5000',
      BREAKER_RESET_MS: '2000',
      BREAKER_CONSECUTIVE_FAILURES: '3',
      BREAKER_CONSECUTIVE_TIMEOUTS: '2',
      ENTE_TIMEOUT_FACTOR: '2.5',
      ENTE_TIMEOUT_MIN_MS: '300',
      ENTE_MAX_QUEUE: '7'
    })
    expect(resilienceOptionsOf(config)).toEqual({
      retryEnabled: false,
      retryDelayMs: 10,
      retryMinCallMs: 20,
      breakerErrorThresholdPercent: 60,
      breakerVolumeThreshold: 8,
      breakerWindowMs: 5000,
      breakerResetMs: 2000,
      breakerConsecutiveFailures: 3,
      breakerConsecutiveTimeouts: 2,
      enteTimeoutFactor: 2.5,
      enteTimeoutMinMs: 300,
      enteMaxQueue: 7
    })
  })

  it('leaves the queue bound to each ente\'s connections when ENTE_MAX_QUEUE is absent', () => {
    expect(resilienceOptionsOf(loadServiceConfig(profiles.s2, { GATEWAY_JWKS_URL: JWKS, ENTES_FILE: 'e.json' }))).not.toHaveProperty('enteMaxQueue')
  })

  it.each([
    ['BREAKER_ERROR_THRESHOLD_PERCENT', '100'],
    ['BREAKER_ERROR_THRESHOLD_PERCENT', '0'],
    ['BREAKER_VOLUME_THRESHOLD', '0'],
    ['ENTE_MAX_QUEUE', '-1']
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadServiceConfig(profiles.s2, { GATEWAY_JWKS_URL: JWKS, ENTES_FILE: 'e.json', [name]: value })).toThrow(new RegExp(name))
  })

  it('reads numbers from the environment', () => {
    expect(loadServiceConfig(profiles.s2, { GATEWAY_JWKS_URL: JWKS, ENTES_FILE: 'e.json', PORT: '4000', MAX_RESPONSE_BYTES: '2048' })).toMatchObject({ PORT: 4000, MAX_RESPONSE_BYTES: 2048 })
  })

  it('names a missing ENTES_FILE', () => {
    expect(() => loadServiceConfig(profiles.s2, { GATEWAY_JWKS_URL: JWKS })).toThrow(/ENTES_FILE/)
    expect(() => loadServiceConfig(profiles.s2, { ENTES_FILE: 'e.json' })).toThrow(/GATEWAY_JWKS_URL/)
  })

  it('says in Spanish which variable is wrong and how to fix it, without echoing its value', () => {
    expect(() => loadServiceConfig(profiles.s2, { ENTES_FILE: 'e.json' })).toThrow(/^Configuración inválida: falta la variable GATEWAY_JWKS_URL \(JWKS del gateway, p\. ej\. http/)
    expect(() => loadServiceConfig(profiles.s2, {})).toThrow(/defina una de estas variables: DATABASE_URL .* o ENTES_FILE/)
    const secret = 'clave-secreta-en-lugar-equivocado'
    let message = ''
    try {
      loadServiceConfig(profiles.s2, { GATEWAY_JWKS_URL: JWKS, ENTES_FILE: 'e.json', REDIS_URL: secret })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/REDIS_URL debe coincidir con el patrón "\^rediss\?:\/\/" \(Redis compartido/)
    expect(message).not.toContain(secret)
  })
})
