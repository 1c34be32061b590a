import { afterEach, describe, expect, it, vi } from 'vitest'
import { TEST_POSTGRES_ENV, testDatabaseKinds } from '../../src/testing.js'

// What every database test file does with the global setup's finding (test/support/global-setup.ts).
describe('testDatabaseKinds', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('runs PostgreSQL and PGlite cases on the PostgreSQL the global setup found', async () => {
    vi.stubEnv(TEST_POSTGRES_ENV, 'postgres://postgres@127.0.0.1:5999/test')
    expect(await testDatabaseKinds('db/ejemplo.test.ts')).toEqual(['postgresql', 'pglite'])
  })

  it('without PostgreSQL, outside CI: PGlite only, and the file says which cases it skipped', async () => {
    vi.stubEnv(TEST_POSTGRES_ENV, 'none')
    vi.stubEnv('CI', '')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(await testDatabaseKinds('db/ejemplo.test.ts')).toEqual(['pglite'])
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[db\/ejemplo\.test\.ts\] PostgreSQL does not answer .*: its cases are skipped, only PGlite runs$/))
  })

  it('without PostgreSQL under CI=true: fails the file', async () => {
    vi.stubEnv(TEST_POSTGRES_ENV, 'none')
    vi.stubEnv('CI', 'true')
    await expect(testDatabaseKinds('db/ejemplo.test.ts')).rejects.toThrow(/CI needs it for db\/ejemplo\.test\.ts/)
  })
})
