import { SortedBusyError } from '../errors.js'

/**
 * Admission of deep sorted work. A sorted page whose merge must stream many records before it
 * reaches the page (no frontier near it) reserves that many records from a budget shared by the
 * gateway's requests, and from a smaller share per client; over either, it is refused at once with
 * a retryable 503 instead of queueing, so a flood of deep pages cannot starve cheap requests
 * (cached pages, unsorted pages, a crawl's next sorted page), which never take from the budget.
 */
export class MergeAdmission {
  private used = 0
  private readonly byClient = new Map<string, number>()

  /**
   * @param budget records of merge work running at once, over every client
   * @param clientShare the part of `budget` one client may hold
   */
  constructor (readonly budget: number, private readonly clientShare = 0.5) {}

  /**
   * Reserves `cost` records of merge work for `client` and answers the release; throws
   * `SortedBusyError` when the budget is spent. A cost above the budget is admitted alone.
   */
  enter (cost: number, client = ''): () => void {
    const units = Math.max(1, Math.min(cost, this.budget))
    const mine = this.byClient.get(client) ?? 0
    const clientLimit = Math.max(1, Math.floor(this.budget * this.clientShare))
    const fits = this.used === 0 || this.used + units <= this.budget
    const clientFits = mine === 0 || mine + units <= clientLimit
    if (!fits || !clientFits) throw new SortedBusyError()
    this.used += units
    this.byClient.set(client, mine + units)
    let released = false
    return () => {
      if (released) return
      released = true
      this.used -= units
      const left = (this.byClient.get(client) ?? units) - units
      if (left <= 0) this.byClient.delete(client)
      else this.byClient.set(client, left)
    }
  }

  /** Records of merge work running now (tests, diagnostics). */
  get inUse (): number {
    return this.used
  }
}
