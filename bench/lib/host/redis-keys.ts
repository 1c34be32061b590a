import type { ExternalFederation } from '@see/demo'

/** Deletes what a benchmark federation left under its own Redis prefix (pages, counters, throttles). */
export async function forgetRedisKeys (federation: ExternalFederation, prefix: string): Promise<void> {
  const redis = federation.platform.redis
  if (!redis || redis.status !== 'ready') return
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
    if (keys.length > 0) await redis.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
}
