/** One deadline per PDN request; every round and every ente call gets what is left of it. */
export class Deadline {
  private readonly at: number
  constructor (budgetMs: number, private readonly now: () => number = Date.now) {
    this.at = now() + budgetMs
  }

  remaining (): number {
    return Math.max(0, this.at - this.now())
  }

  /** A round's budget: a share of what remains, never below 1 ms. */
  share (fraction: number): number {
    return Math.max(1, Math.floor(this.remaining() * fraction))
  }
}
