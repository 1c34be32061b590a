import type { FastifyInstance } from 'fastify'
import { buildS2App, type S2AppOptions } from './app.js'

export interface StartS2Options extends S2AppOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
}

export interface RunningS2 {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string
  app: FastifyInstance
  close: () => Promise<void>
}

/** Builds and listens, for the demo and tests (production uses server.ts, with signal handling). */
export async function startS2 (options: StartS2Options): Promise<RunningS2> {
  const { port = 0, host = '127.0.0.1', ...appOptions } = options
  const app = await buildS2App(appOptions)
  const url = await app.listen({ port, host })
  return { url, app, close: async () => await app.close() }
}
