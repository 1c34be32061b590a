import { afterEach, describe, expect, it, vi } from 'vitest'
import { redisForTests, TEST_REDIS_ENV } from '../../src/testing.js'

// What every Redis test file does with the global setup's finding (test/support/global-setup.ts).
describe('redisForTests', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('hands out the Redis the global setup found', async () => {
    vi.stubEnv(TEST_REDIS_ENV, 'redis://127.0.0.1:6999')
    expect(await redisForTests('redis/ejemplo.test.ts')).toBe('redis://127.0.0.1:6999')
  })

  it('without Redis, outside CI: nothing, and the file says its Redis cases are skipped', async () => {
    vi.stubEnv(TEST_REDIS_ENV, 'none')
    vi.stubEnv('CI', '')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(await redisForTests('redis/ejemplo.test.ts')).toBeUndefined()
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[redis\/ejemplo\.test\.ts\] Redis does not answer .*: its Redis cases are skipped$/))
  })

  it('without Redis under CI=true: fails the file', async () => {
    vi.stubEnv(TEST_REDIS_ENV, 'none')
    vi.stubEnv('CI', 'true')
    await expect(redisForTests('redis/ejemplo.test.ts')).rejects.toThrow(/CI needs it for redis\/ejemplo\.test\.ts/)
  })
})
