import { profiles } from '@see/systems'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { directoryFromEntes } from '@see/registry'
import { loadServiceConfig } from '../../src/config.js'
import { openTokenRedis } from '../../src/token-redis.js'
import { testApp } from '../support/app.js'

describe('configuring the shared token cache', () => {
  it('reads SEE_CACHE_KEY beside REDIS_URL', () => {
    const key = `k1:${randomBytes(32).toString('base64')}`
    expect(loadServiceConfig(profiles.s2, { GATEWAY_JWKS_URL: 'http://127.0.0.1:3000/.well-known/jwks.json', ENTES_FILE: 'e.json', REDIS_URL: 'redis://127.0.0.1:6379', SEE_CACHE_KEY: key })).toMatchObject({ SEE_CACHE_KEY: key })
  })

  it('keeps tokens in process without REDIS_URL', async () => {
    const opened = await openTokenRedis({ SEE_CACHE_KEY: `k1:${randomBytes(32).toString('base64')}` })
    expect(opened.options).toEqual({})
    await opened.close()
  })

  it('refuses to start with an unusable SEE_CACHE_KEY, before connecting, without showing it', async () => {
    const bad = `k1:${randomBytes(20).toString('base64')}`
    const thrown = await openTokenRedis({ REDIS_URL: 'redis://127.0.0.1:1', SEE_CACHE_KEY: bad }).catch((err: unknown) => err)
    expect((thrown as { code?: string }).code).toBe('SEE_CONFIG')
    expect((thrown as Error).message).toMatch(/SEE_CACHE_KEY: la llave k1 debe medir 32 bytes/)
    expect((thrown as Error).message).not.toContain(bad.slice(3))
  })

  it('warns, and keeps tokens in process, when given Redis without the keys to seal them', async () => {
    const redis = new Redis({ lazyConnect: true })
    const { app, logs } = await testApp(directoryFromEntes([]), { redis })
    expect(logs.map(l => l.msg)).toContain('Redis given without SEE_CACHE_KEY: ente tokens are kept in process only, never in clear in Redis')
    await app.close()
    redis.disconnect()
  })
})
