import { hash } from 'node:crypto'
import type { SearchRound } from './context.js'

/**
 * A merge frontier: after the first `at` records of a sorted query's federated order, how many
 * records of each ente the merge has taken (`offsets`, in the round's ente order). The merge picks
 * its next record from the entes' next records alone, so from a frontier the following page needs
 * only each ente's next page × pageSize records, and is the same as a merge from the start.
 */
export interface Frontier {
  at: number
  offsets: number[]
}

/** Boundaries remembered per sorted query, the deepest kept: resume points for a deep page. */
const MAX_BOUNDARIES = 256

/**
 * Where a sorted query's frontiers are kept: its entes' count keys (system, ente, generation,
 * visibility and query: a frontier retires with them) and the sort, hashed. In the federation
 * cache beside the counts, with their TTL, so every instance sharing Redis resumes the same crawl.
 */
function frontierBase (round: SearchRound): string {
  const counts = round.entes.map(e => round.countKeys.get(e.clave) ?? e.clave).join('\n')
  return `${round.system.id}:frontier:${hash('sha256', `${counts}\n${JSON.stringify(Object.entries(round.request.sort))}`, 'base64url')}`
}

export class FrontierStore {
  private readonly base: string
  /** Boundaries read by `nearest`, extended by `remember` (one read of the list per page). */
  private known: number[] | undefined
  constructor (private readonly round: SearchRound) {
    this.base = frontierBase(round)
  }

  private get ttlMs (): number {
    return this.round.cache.ttls(this.round.system.id).countTtlMs
  }

  /** The deepest frontier known at or before `at`: exactly `at` on a crawl's next page, `{at: 0}` when none. */
  async nearest (at: number): Promise<Frontier> {
    const none = { at: 0, offsets: this.round.entes.map(() => 0) }
    if (at === 0 || this.ttlMs <= 0) return none
    const store = this.round.cache.store
    const [exact, known] = await Promise.all([store.get<number[]>(`${this.base}:${at}`), store.get<number[]>(`${this.base}:at`)])
    this.known = Array.isArray(known) ? known : []
    if (this.valid(exact)) return { at, offsets: exact }
    const deepest = this.known.filter(b => b < at).reduce((a, b) => Math.max(a, b), 0)
    if (deepest === 0) return none
    const offsets = await store.get<number[]>(`${this.base}:${deepest}`)
    return this.valid(offsets) ? { at: deepest, offsets } : none
  }

  /** Keeps frontiers (a page's end, and the start of one built by streaming) and their boundaries. */
  async remember (frontiers: Frontier[]): Promise<void> {
    const ttl = this.ttlMs
    if (ttl <= 0 || frontiers.length === 0) return
    const store = this.round.cache.store
    const known = this.known ?? await store.get<number[]>(`${this.base}:at`) ?? []
    const boundaries = [...new Set([...known, ...frontiers.map(f => f.at)])].sort((a, b) => a - b).slice(-MAX_BOUNDARIES)
    this.known = boundaries
    await Promise.all([
      ...frontiers.map(async f => await store.set(`${this.base}:${f.at}`, f.offsets, ttl)),
      store.set(`${this.base}:at`, boundaries, ttl)
    ])
  }

  private valid (offsets: number[] | undefined): offsets is number[] {
    return Array.isArray(offsets) && offsets.length === this.round.entes.length && offsets.every(o => Number.isInteger(o) && o >= 0)
  }
}
