import { Type, type Static } from '@sinclair/typebox'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { ConfigError, databaseEnv, listenEnv, loadConfig, logEnv, redisEnv } from '../../src/index.js'

const schema = Type.Object({
  ...listenEnv(3000),
  ...logEnv,
  ...databaseEnv,
  ...redisEnv,
  ENTES_FILE: Type.String({ minLength: 1, description: 'Archivo de entes (JSON).' })
})

function errorOf (env: Record<string, string>): { code?: string, message: string } {
  try {
    loadConfig(schema, env)
  } catch (err) {
    return err as { code?: string, message: string }
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('applies defaults and converts numbers, typed from the schema', () => {
    const config = loadConfig(schema, { ENTES_FILE: 'x', PORT: '8080' })
    expect(config).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', LOG_LEVEL: 'info', REDIS_PREFIX: 'see:', ENTES_FILE: 'x' })
    expectTypeOf(config).toEqualTypeOf<Static<typeof schema>>()
    expectTypeOf(config.PORT).toEqualTypeOf<number>()
    expectTypeOf(config.REDIS_URL).toEqualTypeOf<string | undefined>()
    expectTypeOf(config.LOG_LEVEL).toEqualTypeOf<'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'>()
  })

  it('counts a variable set to the empty string as unset', () => {
    expect(loadConfig(schema, { ENTES_FILE: 'x', PORT: '', REDIS_URL: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' })
    expect(loadConfig(schema, { ENTES_FILE: 'x', REDIS_URL: '' }).REDIS_URL).toBeUndefined()
  })

  it('names the missing variable in Spanish and says what it holds', () => {
    const error = errorOf({})
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.code).toBe('SEE_CONFIG')
    expect(error.message).toBe('Configuración inválida: falta la variable ENTES_FILE (Archivo de entes (JSON).)')
  })

  it('names each bad variable with the rule it breaks and how to fix it', () => {
    expect(errorOf({ ENTES_FILE: 'x', PORT: 'abc' }).message).toMatch(/^Configuración inválida: PORT debe ser número entero \(Puerto TCP/)
    expect(errorOf({ ENTES_FILE: 'x', PORT: '70000' }).message).toMatch(/PORT debe ser <= 65535/)
    expect(errorOf({ ENTES_FILE: 'x', LOG_LEVEL: 'verbose' }).message).toMatch(/LOG_LEVEL debe ser uno de: "fatal", "error"/)
    const both = errorOf({ ENTES_FILE: 'x', PORT: '-1', REDIS_PREFIX: 'a b' }).message
    expect(both).toMatch(/PORT debe ser >= 0/)
    expect(both).toMatch(/REDIS_PREFIX debe coincidir con el patrón/)
  })

  it('never echoes the value it refuses (a secret put in the wrong variable)', () => {
    const secret = 'hunter2-contraseña-secreta'
    const envs: Array<Record<string, string>> = [{ ENTES_FILE: 'x', REDIS_URL: secret }, { ENTES_FILE: 'x', DATABASE_URL: secret }, { ENTES_FILE: 'x', PORT: secret }, { ENTES_FILE: 'x', LOG_LEVEL: secret }]
    for (const env of envs) {
      const { message } = errorOf(env)
      expect(message).toMatch(/REDIS_URL|DATABASE_URL|PORT|LOG_LEVEL/)
      expect(message).not.toContain('hunter2')
    }
  })

  it('says which variables may satisfy an either-or rule', () => {
    const either = Type.Object({ ...databaseEnv, ENTES_FILE: Type.Optional(Type.String()) }, { anyOf: [{ required: ['DATABASE_URL'] }, { required: ['ENTES_FILE'] }] })
    expect(() => loadConfig(either, {})).toThrow(/^Configuración inválida: defina una de estas variables: DATABASE_URL \(Base de datos PostgreSQL.*\) o ENTES_FILE$/)
  })
})
