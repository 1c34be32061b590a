import { LRUCache } from 'lru-cache'
import type { AuthStore, ClientRecord, UserRecord } from './store/types.js'

export interface DirectoryOptions {
  /** How long a row read from the store is trusted (default 1000 ms; 0 reads the store every time). */
  ttlMs?: number
  /** Rows kept per kind (default 10,000). */
  max?: number
}

interface Held<T> {
  row: T | undefined
  /** When the read began: the row is trusted until then + ttl, however long the read took. */
  readAt: number
}

/** Rows of one kind, each read at most once per ttl; concurrent reads of one key share the query. */
class RowCache<T> {
  private readonly rows: LRUCache<string, Held<T>>
  private readonly reading = new Map<string, Promise<T | undefined>>()

  constructor (private readonly read: (key: string) => Promise<T | undefined>, private readonly ttlMs: number, max: number, private readonly now: () => number) {
    this.rows = new LRUCache<string, Held<T>>({ max })
  }

  async get (key: string): Promise<T | undefined> {
    if (this.ttlMs <= 0) return await this.read(key)
    const held = this.rows.get(key)
    if (held !== undefined && this.now() - held.readAt < this.ttlMs) return held.row
    const pending = this.reading.get(key)
    if (pending !== undefined) return await pending
    const readAt = this.now()
    const reading = this.read(key)
    this.reading.set(key, reading)
    try {
      const row = await reading
      // Forgotten meanwhile (an administrative change): this read may predate it, so it is not kept.
      if (this.reading.get(key) === reading) this.rows.set(key, { row, readAt })
      return row
    } finally {
      if (this.reading.get(key) === reading) this.reading.delete(key)
    }
  }

  forget (key: string): void {
    this.rows.delete(key)
    this.reading.delete(key)
  }
}

/**
 * The client and user rows the token endpoint reads, kept `ttlMs` (1 s) per instance so that the
 * PDN's token before every data call does not cost two database queries. A change made through
 * this instance is seen at once (`forgetClient`, `forgetUser`); one made elsewhere within `ttlMs`,
 * which is why revoking a client's tokens covers that long (see `revokeClientTokens`).
 */
export class AuthDirectory {
  readonly ttlMs: number
  private readonly clients: RowCache<ClientRecord>
  private readonly users: RowCache<UserRecord>

  constructor (store: AuthStore, options: DirectoryOptions = {}, now: () => number = Date.now) {
    this.ttlMs = options.ttlMs ?? 1000
    const max = options.max ?? 10_000
    this.clients = new RowCache(async id => await store.findClient(id), this.ttlMs, max, now)
    this.users = new RowCache(async name => await store.findUser(name), this.ttlMs, max, now)
  }

  async client (clientId: string): Promise<ClientRecord | undefined> {
    return await this.clients.get(clientId)
  }

  async user (username: string): Promise<UserRecord | undefined> {
    return await this.users.get(username)
  }

  forgetClient (clientId: string): void {
    this.clients.forget(clientId)
  }

  forgetUser (username: string): void {
    this.users.forget(username)
  }
}
