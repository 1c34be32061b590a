import { describe, expect, it, vi, type Mock } from 'vitest'
import { once } from 'node:events'
import { createServer, connect, type AddressInfo } from 'node:net'
import { redisGuard, type RedisGuardOptions } from '../../src/index.js'

function fakeRedis (status = 'ready'): { redis: { status: string }, setStatus: (s: string) => void } {
  const state = { status }
  return { redis: state, setStatus: s => { state.status = s } }
}

type LogFn = (details: object, message: string) => void

function recordingLog (): { warn: Mock<LogFn>, info: Mock<LogFn> } {
  return { warn: vi.fn<LogFn>(), info: vi.fn<LogFn>() }
}

function optionsWith (logger: RedisGuardOptions['logger'], more: Partial<RedisGuardOptions>): RedisGuardOptions {
  return { logger, name: 'the tests', whileDown: 'answering in process', ...more }
}

const never = async (): Promise<never> => await new Promise<never>(() => {})

describe('redisGuard', () => {
  it('answers from Redis while it works, without logging', async () => {
    const log = recordingLog()
    const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis }))
    expect(await guard.run(async () => 'redis', () => 'memory')).toBe('redis')
    expect(guard.available()).toBe(true)
    expect(log.warn).not.toHaveBeenCalled()
  })

  it('never sends a command to a disconnected client, and warns once per outage', async () => {
    const log = recordingLog()
    const { redis, setStatus } = fakeRedis('reconnecting')
    const guard = redisGuard(optionsWith(log, { client: redis }))
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
    const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis, timeoutMs: 5, retryAfterMs: 60_000 }))
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
      const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis, retryAfterMs: 1000 }))
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
    const guard = redisGuard(optionsWith(recordingLog(), { client: redis }))
    const listener = vi.fn(async () => {})
    guard.onRecovery(listener)
    await guard.run(async () => 1, () => 0)
    setStatus('ready')
    await guard.run(async () => 1, () => 0)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})

describe('redisGuard (a call never fails)', () => {
  it('answers the primary while Redis answers', async () => {
    const log = recordingLog()
    const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis }))
    expect(await guard.run(async () => 'from redis', () => 'fallback')).toBe('from redis')
    expect(log.warn).not.toHaveBeenCalled()
  })

  it('answers the fallback when a call fails, with one warning per outage and one line when it ends', async () => {
    const log = recordingLog()
    const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis, retryAfterMs: 0 }))
    const failing = async (): Promise<string> => { throw new Error('ECONNRESET') }
    expect(await guard.run(failing, () => 'fallback')).toBe('fallback')
    expect(await guard.run(failing, () => 'fallback')).toBe('fallback')
    expect(await guard.run(failing, () => 'fallback')).toBe('fallback')
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(log.warn.mock.calls[0]?.[0]).toEqual({ reason: 'ECONNRESET' })
    expect(await guard.run(async () => 'back', () => 'fallback')).toBe('back')
    expect(log.info).toHaveBeenCalledTimes(1)
    expect(await guard.run(failing, () => 'fallback')).toBe('fallback')
    expect(log.warn).toHaveBeenCalledTimes(2)
  })

  it('does not wait for a Redis slower than the timeout', async () => {
    const log = recordingLog()
    const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis, timeoutMs: 5 }))
    expect(await guard.run(async () => await new Promise<string>(() => {}), () => 'fallback')).toBe('fallback')
    expect(log.warn.mock.calls[0]?.[0]).toEqual({ reason: 'Redis did not answer within 5 ms' })
  })

  it('skips Redis for a while after a failure, then lets a single call probe it', async () => {
    const log = recordingLog()
    const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis, retryAfterMs: 60_000 }))
    await guard.run(async () => { throw new Error('down') }, () => null)
    const primary = vi.fn(async () => 'never asked')
    expect(await guard.run(primary, () => 'fallback')).toBe('fallback')
    expect(primary).not.toHaveBeenCalled()
  })

  it('never hands a command to a client that is not connected', async () => {
    const log = recordingLog()
    const guard = redisGuard(optionsWith(log, { client: fakeRedis('reconnecting').redis }))
    const primary = vi.fn(async () => 'never asked')
    expect(await guard.run(primary, () => 'fallback')).toBe('fallback')
    expect(primary).not.toHaveBeenCalled()
    expect(log.warn.mock.calls[0]?.[0]).toEqual({ reason: 'not connected (reconnecting)' })
  })

  it('takes an answer that arrived while the event loop was busy past the bound: no outage from lag', async () => {
    const server = createServer(socket => socket.on('data', data => socket.write(data)))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
    await once(socket, 'connect')
    try {
      const log = recordingLog()
      const guard = redisGuard(optionsWith(log, { client: fakeRedis().redis, timeoutMs: 10 }))
      const answer = guard.run(async () => {
        const reply = once(socket, 'data')
        socket.write('PONG')
        // Once the bound is armed, the loop stays busy well past it; the echo is read only when it is free again.
        setImmediate(() => {
          const busyUntil = Date.now() + 100
          while (Date.now() < busyUntil);
        })
        return String((await reply)[0])
      }, () => 'fallback')
      expect(await answer).toBe('PONG')
      expect(log.warn).not.toHaveBeenCalled()
    } finally {
      socket.destroy()
      server.close()
    }
  })
})
