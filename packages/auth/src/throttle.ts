import type { FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import type { RedisGuard } from '@see/redis'
import { memoryCounters, resilientCounters, type Counters, type Limit } from './counters.js'
import { throttled } from './errors.js'
import type { ClientRecord } from './store/types.js'

export type { Limit }

export interface ProgressiveDelay {
  /** Failures within the window answered without delay. */
  freeFailures: number
  baseMs: number
  maxMs: number
  windowMs: number
}

export interface ThrottleOptions {
  /** Requests that must be verified (all but a known-good credential's), per client IP. */
  perIp?: Limit
  /** Requests of an authenticated client. */
  perClient?: Limit
  /** Requests of an authenticated client on the password-grant allow-list (the PDN): a quota of its own. */
  perAllowListedClient?: Limit
  /** Failed attempts per client, username and IP: reserved when a request is admitted, given back when it succeeds. */
  failuresPerIdentity?: Limit
  /** Failed attempts per IP, whatever the identity; reserved and given back alike. */
  failuresPerIp?: Limit
  /** Delay added to each failed answer after repeated failures for the same client or username. */
  delay?: ProgressiveDelay
}

const MINUTE = 60_000

// The PDN asks for a token before every data call and its bulk downloader crawls several pages at
// a time: its allow-listed client has a quota of its own, sized for 2,000 tokens a second (twice
// the rate the platform is measured at), that only its authenticated requests spend. Guessing is
// held back by the failure budgets, which count failures only and never apply to a credential
// already verified (see token-endpoint.ts).
export const DEFAULT_THROTTLE: Required<ThrottleOptions> = {
  perIp: { max: 6000, timeWindowMs: MINUTE },
  perClient: { max: 12_000, timeWindowMs: MINUTE },
  perAllowListedClient: { max: 120_000, timeWindowMs: MINUTE },
  failuresPerIdentity: { max: 30, timeWindowMs: 15 * MINUTE },
  failuresPerIp: { max: 100, timeWindowMs: 15 * MINUTE },
  delay: { freeFailures: 3, baseMs: 250, maxMs: 4000, windowMs: 15 * MINUTE }
}

export interface Subject {
  clientId?: string | undefined
  username?: string | undefined
}

/** Failure counts taken at admission; released when the request turns out not to be a failure. */
export interface Reservation {
  release: () => Promise<void>
}

export interface Throttle {
  /** Counts a request of an authenticated client against that client's own quota. */
  admitClient: (client: ClientRecord) => Promise<void>
  /**
   * Admits a request that must be verified: counts it against its IP's budget and reserves one
   * failure of its IP and of its identity (client, username, IP), refusing it when either is spent.
   */
  admitUnverified: (request: FastifyRequest, subject: Subject) => Promise<Reservation>
  /** Counts a failure against the client and username; returns how long to hold the failed answer. */
  recordFailure: (subject: Subject) => Promise<number>
}

const NOTHING_RESERVED: Reservation = { release: async () => {} }

function retryAfterSeconds (ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000))
}

/**
 * Throttling on fixed-window counters (in Redis when given, so every instance shares them; in
 * process otherwise, and while Redis is away). Success never waits: the progressive delay holds
 * only failed answers, so nobody can slow down or lock out the PDN by failing in its name.
 */
export function createThrottle (options: ThrottleOptions = {}, redis?: Redis, redisPrefix = 'see:oauth:', guard?: RedisGuard): Throttle {
  const settings = { ...DEFAULT_THROTTLE, ...options }
  const counters: Counters = redis === undefined || guard === undefined ? memoryCounters() : resilientCounters(redis, guard, `${redisPrefix}rl:`)

  const within = async (key: string, limit: Limit): Promise<void> => {
    const { count, ttlMs } = await counters.add(key, limit.timeWindowMs)
    if (count > limit.max) throw throttled(retryAfterSeconds(ttlMs))
  }

  /** Takes one count of each budget, or none: a refused request keeps nothing reserved. */
  const reserve = async (budgets: Array<[string, Limit]>): Promise<Reservation> => {
    const taken: string[] = []
    const release = async (): Promise<void> => { await Promise.all(taken.splice(0).map(async key => await counters.release(key))) }
    for (const [key, limit] of budgets) {
      const { count, ttlMs } = await counters.add(key, limit.timeWindowMs)
      taken.push(key)
      if (count > limit.max) {
        await release()
        throw throttled(retryAfterSeconds(ttlMs))
      }
    }
    return taken.length === 0 ? NOTHING_RESERVED : { release }
  }

  return {
    async admitClient (client) {
      await within(`client:${client.clientId}`, client.passwordGrantAllowed ? settings.perAllowListedClient : settings.perClient)
    },
    async admitUnverified (request, { clientId, username }) {
      await within(`ip:${request.ip}`, settings.perIp)
      return await reserve([
        [`fail-ip:${request.ip}`, settings.failuresPerIp],
        [`fail-id:${JSON.stringify([clientId ?? '', username ?? '', request.ip])}`, settings.failuresPerIdentity]
      ])
    },
    async recordFailure ({ clientId, username }) {
      const { freeFailures, baseMs, maxMs, windowMs } = settings.delay
      let failures = 0
      for (const key of [clientId === undefined ? undefined : `fail-client:${clientId}`, username === undefined ? undefined : `fail-user:${username}`]) {
        if (key !== undefined) failures = Math.max(failures, (await counters.add(key, windowMs)).count)
      }
      return failures <= freeFailures ? 0 : Math.min(maxMs, baseMs * 2 ** (failures - freeFailures - 1))
    }
  }
}
