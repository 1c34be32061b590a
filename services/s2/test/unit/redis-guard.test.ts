import { describe, expect, it, vi, type Mock } from 'vitest'
import type { Redis } from 'ioredis'
import { redisGuard } from '../../src/ente-client/redis-guard.js'

function fakeRedis (status = 'ready'): Redis {
  return { status, options: {} } as unknown as Redis
}

type LogCall = (details: object, message: string) => void

function recordingLog (): { warn: Mock<LogCall>, info: Mock<LogCall> } {
  return { warn: vi.fn<LogCall>(), info: vi.fn<LogCall>() }
}

describe('redisGuard (the shared token cache never fails a call)', () => {
  it('answers the primary while Redis answers', async () => {
    const log = recordingLog()
    const guard = redisGuard(fakeRedis(), log)
    expect(await guard(async () => 'from redis', 'fallback')).toBe('from redis')
    expect(log.warn).not.toHaveBeenCalled()
  })

  it('answers the fallback when a call fails, with one warning per outage and one line when it ends', async () => {
    const log = recordingLog()
    const guard = redisGuard(fakeRedis(), log, { retryAfterMs: 0 })
    const failing = async (): Promise<string> => { throw new Error('ECONNRESET') }
    expect(await guard(failing, 'fallback')).toBe('fallback')
    expect(await guard(failing, 'fallback')).toBe('fallback')
    expect(await guard(failing, 'fallback')).toBe('fallback')
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(log.warn.mock.calls[0]?.[0]).toEqual({ reason: 'ECONNRESET' })
    expect(await guard(async () => 'back', 'fallback')).toBe('back')
    expect(log.info).toHaveBeenCalledTimes(1)
    expect(await guard(failing, 'fallback')).toBe('fallback')
    expect(log.warn).toHaveBeenCalledTimes(2)
  })

  it('does not wait for a Redis slower than the timeout', async () => {
    const log = recordingLog()
    const guard = redisGuard(fakeRedis(), log, { timeoutMs: 5 })
    expect(await guard(async () => await new Promise<string>(() => {}), 'fallback')).toBe('fallback')
    expect(log.warn.mock.calls[0]?.[0]).toEqual({ reason: 'Redis did not answer within 5 ms' })
  })

  it('skips Redis for a while after a failure, then lets a single call probe it', async () => {
    const log = recordingLog()
    const guard = redisGuard(fakeRedis(), log, { retryAfterMs: 60_000 })
    await guard(async () => { throw new Error('down') }, null)
    const primary = vi.fn(async () => 'never asked')
    expect(await guard(primary, 'fallback')).toBe('fallback')
    expect(primary).not.toHaveBeenCalled()
  })

  it('never hands a command to a client that is not connected', async () => {
    const log = recordingLog()
    const guard = redisGuard(fakeRedis('reconnecting'), log)
    const primary = vi.fn(async () => 'never asked')
    expect(await guard(primary, 'fallback')).toBe('fallback')
    expect(primary).not.toHaveBeenCalled()
    expect(log.warn.mock.calls[0]?.[0]).toEqual({ reason: 'not connected (reconnecting)' })
  })
})
