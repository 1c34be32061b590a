import type { FastifyBaseLogger } from 'fastify'
import type { EnteEntry } from '@see/registry'
import type { CallContext } from '../ente-client/client.js'
import { DEFAULT_MAX_CONNECTIONS } from '../ente-client/pool.js'
import { EnteGuard, type EnteStatus } from './guard.js'
import { QUEUE_PER_CONNECTION, resilienceSettings, type ResilienceOptions, type ResilienceSettings } from './options.js'

/**
 * The guard of every ente this service calls, keyed by clave and API origin (an ente moved to
 * another server starts with a fresh breaker). Created on first use; they hold no sockets.
 */
export class EnteGuards {
  private readonly guards = new Map<string, EnteGuard>()
  private readonly settings: ResilienceSettings

  constructor (options: ResilienceOptions, private readonly log: FastifyBaseLogger) {
    this.settings = resilienceSettings(options)
  }

  async run<T> (entry: EnteEntry, context: CallContext, log: FastifyBaseLogger, work: (context: CallContext) => Promise<T>): Promise<T> {
    return await this.guardFor(entry).run(context, log, work)
  }

  /** The breaker state and counters of each ente, in the order given. */
  states (entries: EnteEntry[]): EnteStatus[] {
    return entries.map(entry => this.guardFor(entry).status())
  }

  private guardFor (entry: EnteEntry): EnteGuard {
    const origin = new URL(entry.connection.baseUrl).origin
    const key = `${entry.clave} ${origin}`
    let guard = this.guards.get(key)
    if (guard === undefined) {
      const connections = entry.connection.maxConnections ?? DEFAULT_MAX_CONNECTIONS
      const queue = this.settings.enteMaxQueue ?? QUEUE_PER_CONNECTION * connections
      guard = new EnteGuard({ ente: entry.clave, origin, maxInFlight: connections + queue }, this.settings, this.log)
      this.guards.set(key, guard)
    }
    return guard
  }
}
