import type { Redis } from 'ioredis'
import { describe, expect, it, vi, type Mock } from 'vitest'
import { redisGuard } from '@see/redis'
import { resilientRevocationList } from '../../src/revocation.js'

function fakeRedis (status = 'ready'): { redis: Redis, setStatus: (s: string) => void } {
  const state = { status }
  return { redis: state as unknown as Redis, setStatus: s => { state.status = s } }
}

type LogFn = (details: object, message: string) => void

function recordingLog (): { warn: Mock<LogFn>, info: Mock<LogFn> } {
  return { warn: vi.fn<LogFn>(), info: vi.fn<LogFn>() }
}

describe('resilientRevocationList', () => {
  it('answers from the in-process copy while Redis is away, for revocations made here', async () => {
    const { redis } = fakeRedis('reconnecting')
    const list = resilientRevocationList(redis, { guard: redisGuard({ logger: recordingLog(), name: 'the authorization server', whileDown: 'revocations are answered in process', client: redis }) })
    await list.revoke('jti', 'a', 60)
    await list.revoke('sid', 'family', 60)
    expect(await list.isRevoked({ jti: 'a' })).toBe(true)
    expect(await list.isRevoked({ jti: 'other', sid: 'family' })).toBe(true)
    expect(await list.isRevoked({ jti: 'b' })).toBe(false)
  })

  it('keeps at most maxLocalEntries in process', async () => {
    const { redis } = fakeRedis('reconnecting')
    const list = resilientRevocationList(redis, { guard: redisGuard({ logger: recordingLog(), name: 'the authorization server', whileDown: 'revocations are answered in process', client: redis }), maxLocalEntries: 2 })
    for (const id of ['1', '2', '3']) await list.revoke('jti', id, 60)
    expect(await list.isRevoked({ jti: '1' })).toBe(false)
    expect(await list.isRevoked({ jti: '3' })).toBe(true)
  })

  it('ignores revocations whose tokens can no longer be valid', async () => {
    const { redis } = fakeRedis('reconnecting')
    const list = resilientRevocationList(redis, { guard: redisGuard({ logger: recordingLog(), name: 'the authorization server', whileDown: 'revocations are answered in process', client: redis }) })
    await list.revoke('jti', 'gone', 0)
    expect(await list.isRevoked({ jti: 'gone' })).toBe(false)
  })
})
