export { closeRedis, createRedisClient, waitForRedis, watchRedisOutages, type RedisClientLogger, type RedisClientOptions, type RedisOutageLogger } from './client.js'
export { redisGuard, withTimeout, DEFAULT_REDIS_RETRY_AFTER_MS, DEFAULT_REDIS_TIMEOUT_MS, type OutageLogger, type RedisGuard, type RedisGuardOptions } from './guard.js'
