// The gateway's page cache. The read-through cache, its stores and its lock live in @see/cache
// (shared with the services' ente tokens); they are re-exported here so the gateway's API stays put.
export { memoryCache, silentCacheLogger, type Cache, type CacheLogger, type CacheStore, type Framed } from '@see/cache'
export { redisCache, type RedisCacheOptions } from '@see/cache'
export { closeRedis, createRedisClient, waitForRedis, type RedisClientOptions } from '@see/redis'
export { resilientCache, type ResilientCache, type ResilientCacheOptions } from '@see/cache'
export { isServerSideError, readThrough, type CacheState, type Cached, type EntryFrame, type FreshnessPolicy, type ReadThrough, type ReadThroughOptions } from '@see/cache'
export { enteKey, pageKey, queryDigest, visibilityOf, type EnteKeyParts, type PageKeyParts, type Visibility } from './keys.js'
export { enteGenerationKey, enteGenerations, invalidateEnte, systemGeneration, systemGenerationKey } from './generations.js'
export { CacheTtlError, defaultCacheTtls, ttlsFor, type CacheTtlOptions, type SystemCacheTtls } from './ttls.js'
export { federationCache, type FederationCache, type FederationCacheOptions, type PageOptions, type PageRequestParts } from './federation-cache.js'
export { openCacheStore, type OpenCacheOptions, type OpenedCache } from '@see/cache'
