import type { Redis } from 'ioredis'
import { describe, expect, it, vi, type Mock } from 'vitest'
import { redisGuard } from '../../src/redis-guard.js'
import { resilientRevocationList } from '../../src/revocation.js'

function fakeRedis (status = 'ready'): { redis: Redis, setStatus: (s: string) => void } {
  const state = { status }
  return { redis: state as unknown as Redis, setStatus: s => { state.status = s } }
}

type LogFn = (details: object, message: string) => void

function recordingLog (): { warn: Mock<LogFn>, info: Mock<LogFn> } {
  return { warn: vi.fn<LogFn>(), info: vi.fn<LogFn>() }
}

const never = async (): Promise<never> => await new Promise<never>(() => {})

describe('redisGuard', () => {
  it('answers from Redis while it works, without logging', async () => {
    const log = recordingLog()
    const guard = redisGuard(fakeRedis().redis, { log })
    expect(await guard.run(async () => 'redis', () => 'memory')).toBe('redis')
    expect(guard.available()).toBe(true)
    expect(log.warn).not.toHaveBeenCalled()
  })

  it('never sends a command to a disconnected client, and warns once per outage', async () => {
    const log = recordingLog()
    const { redis, setStatus } = fakeRedis('reconnecting')
    const guard = redisGuard(redis, { log })
    const primary = vi.fn(async () => 'redis')
    for (let i = 0; i < 10; i++) expect(await guard.run(primary, () => 'memory')).toBe('memory')
    expect(primary).not.toHaveBeenCalled()
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(guard.available()).toBe(false)

    // Reconnected: the next call probes Redis at once and ends the outage with one info line.
    setStatus('ready')
    expect(await guard.run(primary, () => 'memory')).toBe('redis')
    expect(log.info).toHaveBeenCalledTimes(1)
    expect(guard.available()).toBe(true)
  })

  it('gives up on a Redis that does not answer after the timeout, then skips it until the pause ends', async () => {
    const log = recordingLog()
    const guard = redisGuard(fakeRedis().redis, { log, timeoutMs: 5, retryAfterMs: 60_000 })
    const hung = vi.fn(never)
    expect(await guard.run(hung, () => 'memory')).toBe('memory')
    expect(hung).toHaveBeenCalledTimes(1)
    // Within the pause no call waits for Redis again: they go straight to the fallback.
    for (let i = 0; i < 20; i++) expect(await guard.run(hung, () => 'memory')).toBe('memory')
    expect(hung).toHaveBeenCalledTimes(1)
    expect(log.warn).toHaveBeenCalledTimes(1)
  })

  it('falls back on a failing command and probes again after the pause, one call at a time', async () => {
    vi.useFakeTimers()
    try {
      const log = recordingLog()
      const guard = redisGuard(fakeRedis().redis, { log, retryAfterMs: 1000 })
      expect(await guard.run(async () => { throw new Error('READONLY') }, () => 'memory')).toBe('memory')
      const primary = vi.fn(async () => 'redis')
      expect(await guard.run(primary, () => 'memory')).toBe('memory')
      expect(primary).not.toHaveBeenCalled()
      vi.advanceTimersByTime(1000)
      expect(await guard.run(primary, () => 'memory')).toBe('redis')
      expect(primary).toHaveBeenCalledTimes(1)
      expect(log.info).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('runs recovery listeners when an outage ends', async () => {
    const { redis, setStatus } = fakeRedis('connecting')
    const guard = redisGuard(redis, { log: recordingLog() })
    const listener = vi.fn(async () => {})
    guard.onRecovery(listener)
    await guard.run(async () => 1, () => 0)
    setStatus('ready')
    await guard.run(async () => 1, () => 0)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})

describe('resilientRevocationList', () => {
  it('answers from the in-process copy while Redis is away, for revocations made here', async () => {
    const { redis } = fakeRedis('reconnecting')
    const list = resilientRevocationList(redis, { guard: redisGuard(redis, { log: recordingLog() }) })
    await list.revoke('jti', 'a', 60)
    await list.revoke('sid', 'family', 60)
    expect(await list.isRevoked({ jti: 'a' })).toBe(true)
    expect(await list.isRevoked({ jti: 'other', sid: 'family' })).toBe(true)
    expect(await list.isRevoked({ jti: 'b' })).toBe(false)
  })

  it('keeps at most maxLocalEntries in process', async () => {
    const { redis } = fakeRedis('reconnecting')
    const list = resilientRevocationList(redis, { guard: redisGuard(redis, { log: recordingLog() }), maxLocalEntries: 2 })
    for (const id of ['1', '2', '3']) await list.revoke('jti', id, 60)
    expect(await list.isRevoked({ jti: '1' })).toBe(false)
    expect(await list.isRevoked({ jti: '3' })).toBe(true)
  })

  it('ignores revocations whose tokens can no longer be valid', async () => {
    const { redis } = fakeRedis('reconnecting')
    const list = resilientRevocationList(redis, { guard: redisGuard(redis, { log: recordingLog() }) })
    await list.revoke('jti', 'gone', 0)
    expect(await list.isRevoked({ jti: 'gone' })).toBe(false)
  })
})
