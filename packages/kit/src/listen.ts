import { setTimeout as sleep } from 'node:timers/promises'
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'

export interface ListenOptions {
  port: number
  host: string
  /** Time allowed for the whole shutdown (drain delay, in-flight requests, pools) on SIGTERM/SIGINT. */
  graceMs?: number
  /**
   * On SIGTERM, how long the server keeps serving with `/health/ready` failing before it stops
   * accepting (default 0): the time a load balancer needs to see it and route elsewhere.
   */
  drainDelayMs?: number
}

/**
 * Listens and arranges a graceful shutdown. On SIGTERM (an orchestrator's or a rolling
 * restart's): readiness fails at once (`SEE_DRAINING`) while requests are still served for
 * `drainDelayMs`; then the server stops accepting, lets in-flight requests finish (their answers
 * close keep-alive connections), runs every onClose hook (pools, caches) and exits. SIGINT (a
 * developer's Ctrl-C) skips the delay.
 */
export async function listen (app: FastifyInstance, options: ListenOptions): Promise<string> {
  const drainDelayMs = options.drainDelayMs ?? 0
  closeWithGrace({ delay: (options.graceMs ?? 10_000) + drainDelayMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error')
    else app.log.info({ signal, drainDelayMs: signal === 'SIGTERM' ? drainDelayMs : 0 }, 'shutting down')
    app.draining = true
    if (signal === 'SIGTERM' && drainDelayMs > 0) await sleep(drainDelayMs)
    await app.close()
  })
  return await app.listen({ port: options.port, host: options.host })
}
