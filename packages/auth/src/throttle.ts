import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import { throttled } from './errors.js'
import type { RedisGuard } from '@see/redis'

export interface Limit {
  max: number
  timeWindowMs: number
}

export interface ProgressiveDelay {
  /** Failures within the window answered without delay. */
  freeFailures: number
  baseMs: number
  maxMs: number
  windowMs: number
}

export interface ThrottleOptions {
  /** Every request to the token, revocation and introspection endpoints, per client IP. */
  perIp?: Limit
  /** Token requests per client id (as presented, before authentication). */
  perClient?: Limit
  /** Password-grant requests per username. */
  perUsername?: Limit
  /** Failed attempts per IP; past this the IP waits for the window to end (never a permanent lockout). */
  failuresPerIp?: Limit
  /** Delay added to each failed answer after repeated failures for the same client or username. */
  delay?: ProgressiveDelay
}

// The PDN asks for a token before every data call and its bulk downloader crawls several pages at
// a time, so per-client and per-username budgets are sized for bursts, not for people typing.
// The PDN asks for a token before every data call and its bulk downloader crawls several pages at
// a time, so budgets for successful requests are generous (100/s per IP); guessing is held back by
// the failure budget and the progressive delay, which count failures only.
export const DEFAULT_THROTTLE: Required<ThrottleOptions> = {
  perIp: { max: 6000, timeWindowMs: 60_000 },
  perClient: { max: 12_000, timeWindowMs: 60_000 },
  perUsername: { max: 12_000, timeWindowMs: 60_000 },
  failuresPerIp: { max: 30, timeWindowMs: 15 * 60_000 },
  delay: { freeFailures: 3, baseMs: 250, maxMs: 4000, windowMs: 15 * 60_000 }
}

export interface Subject {
  clientId?: string | undefined
  username?: string | undefined
}

export interface Throttle {
  /** Counts the request against the IP budget and refuses an IP with too many recent failures. */
  admitIp: (request: FastifyRequest) => Promise<void>
  /** Counts the request against the client and username budgets. */
  admitSubject: (request: FastifyRequest, subject: Subject) => Promise<void>
  /** Records a failed attempt; returns how long to hold the failed answer. */
  recordFailure: (request: FastifyRequest, subject: Subject) => Promise<number>
}

type LimitResult = { isAllowed: boolean, isExceeded?: boolean, remaining?: number, max?: number, ttlInSeconds?: number }
type Limiter = (request: FastifyRequest, options?: { increment?: boolean }) => Promise<LimitResult>
type LimiterFactory = (limit: Limit) => Limiter

/** @fastify/rate-limit in a context of its own, so that a Redis store and an in-process store can live side by side. */
async function limiterFactory (app: FastifyInstance, settings: RateLimitPluginOptions, keyOf: (request: FastifyRequest) => string): Promise<LimiterFactory> {
  // @fastify/rate-limit decorates only when no ancestor did: an app-wide registration would hand us its store.
  if (app.hasDecorator('createRateLimit')) throw new Error('@fastify/rate-limit is already registered above the OAuth2 endpoints; register it in a sibling context instead')
  let factory: FastifyInstance['createRateLimit'] | undefined
  await app.register(async scope => {
    await scope.register(rateLimit, { global: false, ...settings })
    factory = scope.createRateLimit
  })
  const create = factory!
  return limit => create({ max: limit.max, timeWindow: limit.timeWindowMs, keyGenerator: keyOf }) as Limiter
}

/**
 * Limiters counting in Redis (shared by every instance) that fall back to in-process counts while
 * Redis is away: an outage neither stops token issue nor adds latency (the guard skips Redis at
 * once while it is known to be down, and bounds every call by a short timeout), and the budgets
 * still hold, per instance, until it is back.
 */
async function limiters (app: FastifyInstance, keyOf: (request: FastifyRequest) => string, redis: Redis | undefined, guard: RedisGuard | undefined, redisPrefix: string): Promise<LimiterFactory> {
  const local = await limiterFactory(app, { cache: 20_000 }, keyOf)
  if (redis === undefined || guard === undefined) return local
  // Errors must reach the guard, which answers from the in-process limiter instead of skipping the limit.
  const shared = await limiterFactory(app, { redis, nameSpace: `${redisPrefix}rl:`, skipOnError: false }, keyOf)
  return limit => {
    const inRedis = shared(limit)
    const inProcess = local(limit)
    return async (request, options) => await guard.run(async () => await inRedis(request, options), async () => await inProcess(request, options))
  }
}

/**
 * Throttling on @fastify/rate-limit's stores (Redis when given, so every instance shares the
 * counts; in process otherwise, and while Redis is away). Success never waits: the progressive
 * delay holds only failed answers, so nobody can slow down or lock out the PDN by failing in its name.
 */
export async function createThrottle (app: FastifyInstance, options: ThrottleOptions = {}, redis?: Redis, redisPrefix = 'see:oauth:', guard?: RedisGuard): Promise<Throttle> {
  const settings = { ...DEFAULT_THROTTLE, ...options }
  const keys = new WeakMap<FastifyRequest, string>()
  const limiter = await limiters(app, request => keys.get(request) ?? request.ip, redis, guard, redisPrefix)
  const consume = async (request: FastifyRequest, limit: Limiter, key: string, increment = true): Promise<Awaited<ReturnType<Limiter>>> => {
    keys.set(request, key)
    return await limit(request, { increment })
  }
  const refuseIfExceeded = (result: Awaited<ReturnType<Limiter>>): void => {
    if (!result.isAllowed && result.isExceeded === true) throw throttled(Math.max(1, result.ttlInSeconds ?? 1))
  }

  const perIp = limiter(settings.perIp)
  const perClient = limiter(settings.perClient)
  const perUsername = limiter(settings.perUsername)
  const ipFailures = limiter(settings.failuresPerIp)
  // A counter, not a limit: the number of recent failures decides the delay.
  const subjectFailures = limiter({ max: Number.MAX_SAFE_INTEGER, timeWindowMs: settings.delay.windowMs })

  return {
    async admitIp (request) {
      refuseIfExceeded(await consume(request, perIp, `ip:${request.ip}`))
      refuseIfExceeded(await consume(request, ipFailures, `fail-ip:${request.ip}`, false))
    },
    async admitSubject (request, { clientId, username }) {
      if (clientId !== undefined) refuseIfExceeded(await consume(request, perClient, `client:${clientId}`))
      if (username !== undefined) refuseIfExceeded(await consume(request, perUsername, `user:${username}`))
    },
    async recordFailure (request, { clientId, username }) {
      await consume(request, ipFailures, `fail-ip:${request.ip}`)
      let failures = 0
      for (const key of [clientId === undefined ? undefined : `fail-client:${clientId}`, username === undefined ? undefined : `fail-user:${username}`]) {
        if (key === undefined) continue
        const result = await consume(request, subjectFailures, key)
        if (!result.isAllowed && result.remaining !== undefined && result.max !== undefined) failures = Math.max(failures, result.max - result.remaining)
      }
      const { freeFailures, baseMs, maxMs } = settings.delay
      return failures <= freeFailures ? 0 : Math.min(maxMs, baseMs * 2 ** (failures - freeFailures - 1))
    }
  }
}
