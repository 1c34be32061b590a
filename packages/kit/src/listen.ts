import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'

export interface ListenOptions {
  port: number
  host: string
  /** Time allowed for in-flight requests and pools to finish on SIGTERM/SIGINT. */
  graceMs?: number
}

/**
 * Listens and arranges a graceful shutdown: on a signal the server stops accepting connections,
 * lets in-flight requests finish, runs every onClose hook (pools, caches) and exits.
 */
export async function listen (app: FastifyInstance, options: ListenOptions): Promise<string> {
  closeWithGrace({ delay: options.graceMs ?? 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error')
    else app.log.info({ signal }, 'shutting down')
    app.draining = true
    await app.close()
  })
  return await app.listen({ port: options.port, host: options.host })
}
