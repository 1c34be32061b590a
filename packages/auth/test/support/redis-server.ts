import { Redis } from 'ioredis'
import { startPrivateRedis, type PrivateRedis } from '@see/redis/testing'

// A redis-server of the test's own that the test can kill and start again, to play a Redis
// outage against the authorization server.

export interface OwnRedis extends PrivateRedis {
  /** A client tuned as the gateway's: no offline queue, no retries, quick reconnection. */
  client: () => Redis
}

export async function startOwnRedis (): Promise<OwnRedis> {
  const server = await startPrivateRedis()
  return {
    ...server,
    client () {
      const redis = new Redis({ host: '127.0.0.1', port: server.port, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500, connectTimeout: 1000, retryStrategy: () => 50 })
      redis.on('error', () => {})
      return redis
    }
  }
}

/** Resolves once the client reaches `status` (ioredis reports connection changes as events). */
export async function clientStatus (redis: Redis, status: 'ready' | 'down'): Promise<void> {
  const reached = (): boolean => status === 'ready' ? redis.status === 'ready' : redis.status !== 'ready'
  while (!reached()) await new Promise(resolve => setTimeout(resolve, 20))
}
