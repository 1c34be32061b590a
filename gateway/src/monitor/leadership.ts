import { tryLock, type CacheStore, type Lease } from '@see/cache'

// Which gateway instance runs the monitor's rounds: the one holding a lease in the shared store
// (Redis when configured), taken and renewed with the platform's one lock protocol. The leader
// renews it every third of its length; when the leader dies its lease runs out and the next
// instance to look takes it, so probing fails over within one lease. A leader that stops
// gracefully frees it at once. With no Redis each instance leads on its own (one process, or
// several that each probe: duplicate history rows, never a missing one).

export interface LeadershipOptions {
  store: CacheStore
  /** The lease's key in the store (default `monitor:leader`). */
  key?: string
  /** Length of the lease (default 30 s): the longest probing pauses when a leader dies. */
  leaseMs?: number
  /** Told when this instance starts or stops leading (logs). */
  onChange?: (leading: boolean) => void
}

export const DEFAULT_LEASE_MS = 30_000

export class Leadership {
  private lease: Lease | undefined
  private timer: NodeJS.Timeout | undefined
  private checking: Promise<boolean> | undefined
  private readonly leaseMs: number

  constructor (private readonly options: LeadershipOptions) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  }

  /** Whether this instance held the lease at its last look. */
  leading (): boolean {
    return this.lease !== undefined
  }

  /** Renews the lease when held, takes it when free: true while this instance leads. One look at a time. */
  async check (): Promise<boolean> {
    this.checking ??= this.look().finally(() => { this.checking = undefined })
    return await this.checking
  }

  private async look (): Promise<boolean> {
    if (this.lease !== undefined) {
      if (await this.lease.renew(this.leaseMs)) return true
      this.lease = undefined
      this.options.onChange?.(false)
    }
    const lease = await tryLock(this.options.store, this.options.key ?? 'monitor:leader', this.leaseMs)
    if (lease !== undefined) {
      this.lease = lease
      this.options.onChange?.(true)
    }
    return this.lease !== undefined
  }

  /** Looks every third of the lease until `stop()`, so a held lease never runs out. */
  start (): void {
    const beat = (): void => {
      this.timer = setTimeout(() => { this.check().catch(() => false).finally(beat) }, Math.max(1, Math.floor(this.leaseMs / 3)))
      this.timer.unref()
    }
    this.check().catch(() => false).finally(beat)
  }

  /** Stops looking and frees the lease, so another instance leads at its next look. */
  async stop (): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    const lease = this.lease
    this.lease = undefined
    await lease?.release()
  }
}
