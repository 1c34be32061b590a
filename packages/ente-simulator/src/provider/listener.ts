import { once } from 'node:events'
import type { Server } from 'node:http'

/**
 * Stops and resumes listening on the same port, for the `down` fault: while stopped, new
 * connections are refused and open ones (keep-alive, in-flight) are reset. Transitions run one
 * after another so quick down/up toggles never interleave.
 */
export class Listener {
  private queue: Promise<void> = Promise.resolve()

  constructor (private readonly server: Server, private readonly port: number, private readonly host: string) {}

  get listening (): boolean {
    return this.server.listening
  }

  stop (): Promise<void> {
    return this.enqueue(async () => {
      if (!this.server.listening) return
      const closed = new Promise<void>(resolve => this.server.close(() => resolve()))
      this.server.closeAllConnections()
      await closed
    })
  }

  start (): Promise<void> {
    return this.enqueue(async () => {
      if (this.server.listening) return
      const listening = once(this.server, 'listening')
      this.server.listen({ port: this.port, host: this.host })
      await listening
    })
  }

  private enqueue (step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step)
    this.queue = next.catch(() => {})
    return next
  }
}
