import type { FastifyInstance } from 'fastify'
import { buildSystemService, type SystemServiceOptions } from './app.js'

export interface StartSystemServiceOptions extends SystemServiceOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
}

export interface RunningSystemService {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string
  app: FastifyInstance
  close: () => Promise<void>
}

/** Builds and listens, for the demo and tests (production uses server.ts, with signal handling). */
export async function startSystemService (options: StartSystemServiceOptions): Promise<RunningSystemService> {
  const { port = 0, host = '127.0.0.1', ...appOptions } = options
  const app = await buildSystemService(appOptions)
  const url = await app.listen({ port, host })
  return { url, app, close: async () => await app.close() }
}
