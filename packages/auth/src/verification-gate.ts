import { availableParallelism } from 'node:os'
import { busy } from './errors.js'

/**
 * Lanes of password verification: requests naming a client on the password-grant allow-list (the
 * PDN) never queue behind anybody else's.
 */
export type Lane = 'allow-listed' | 'other'

export interface VerificationGateOptions {
  /** Verifications running at once in each lane (default: half the cores, at least 1). */
  concurrency?: number
  /** Verifications waiting in each lane; beyond it a request is answered 503 at once (default 32). */
  queue?: number
  /** Verifications running or waiting per client IP; beyond it 503 at once (default 2). */
  perIp?: number
  /** Longest wait for a turn before answering 503 (default 1000 ms). */
  maxWaitMs?: number
}

interface Waiter {
  admit: () => void
  timer: NodeJS.Timeout
}

class LaneQueue {
  running = 0
  readonly waiting: Waiter[] = []

  constructor (private readonly concurrency: number, private readonly queue: number, private readonly maxWaitMs: number) {}

  async acquire (): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++
      return
    }
    if (this.waiting.length >= this.queue) throw busy()
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1)
          reject(busy())
        }, this.maxWaitMs)
      }
      this.waiting.push(waiter)
    })
  }

  release (): void {
    const next = this.waiting.shift()
    if (next === undefined) {
      this.running--
      return
    }
    clearTimeout(next.timer)
    next.admit()
  }
}

/**
 * A bulkhead around argon2, the expensive part of a token request (about 12 ms of a core each):
 * bounded per lane and per IP, with a short bounded queue. A request that cannot get a turn soon
 * is answered 503 with Retry-After instead of piling up, and one IP can never hold more than
 * `perIp` verifications, so a flood of bogus logins from one address costs at most that.
 */
export class VerificationGate {
  private readonly lanes: Record<Lane, LaneQueue>
  private readonly perIp: number
  private readonly inFlight = new Map<string, number>()

  constructor (options: VerificationGateOptions = {}) {
    const concurrency = options.concurrency ?? Math.max(1, Math.floor(availableParallelism() / 2))
    const queue = options.queue ?? 32
    const maxWaitMs = options.maxWaitMs ?? 1000
    this.lanes = { 'allow-listed': new LaneQueue(concurrency, queue, maxWaitMs), other: new LaneQueue(concurrency, queue, maxWaitMs) }
    this.perIp = options.perIp ?? 2
  }

  async run<T> (lane: Lane, ip: string, work: () => Promise<T>): Promise<T> {
    const held = this.inFlight.get(ip) ?? 0
    if (held >= this.perIp) throw busy()
    this.inFlight.set(ip, held + 1)
    try {
      const queue = this.lanes[lane]
      await queue.acquire()
      try {
        return await work()
      } finally {
        queue.release()
      }
    } finally {
      const left = (this.inFlight.get(ip) ?? 1) - 1
      if (left === 0) this.inFlight.delete(ip)
      else this.inFlight.set(ip, left)
    }
  }
}
