import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import { notifyAll, type ChangeListener, type ChangeLogger, type RegistryChange, type RegistryChangeBus } from './bus.js'

export interface RedisChangeBusOptions {
  /** Pub/sub channel shared by every process of one deployment, e.g. `see:registry:changes`. */
  channel: string
  logger?: ChangeLogger
}

interface Message extends RegistryChange {
  origin: string
}

function parseMessage (text: string): Message | undefined {
  try {
    const message = JSON.parse(text) as Partial<Message>
    return typeof message.ente === 'string' && typeof message.origin === 'string' && typeof message.action === 'string' ? message as Message : undefined
  } catch {
    return undefined
  }
}

/**
 * Registry changes over Redis pub/sub, for several processes. Local listeners are told directly
 * (a Redis outage never hides a change from the process that made it) and the process ignores its
 * own messages coming back. A message lost while Redis is away is caught up by the directories'
 * polling. Subscribing takes a connection of its own (`duplicate`), since a subscribed connection
 * can issue no other command.
 */
export function redisChangeBus (redis: Redis, options: RedisChangeBusOptions): RegistryChangeBus & { subscribed: Promise<boolean> } {
  const origin = randomUUID()
  const listeners = new Set<ChangeListener>()
  // The shared client fails fast while disconnected; the subscriber may queue its SUBSCRIBE until connected.
  const subscriber = redis.duplicate({ enableOfflineQueue: true, commandTimeout: 10_000 })
  subscriber.on('error', () => {}) // reconnection is ioredis's job; the shared client reports outages
  subscriber.on('message', (channel: string, text: string) => {
    if (channel !== options.channel) return
    const message = parseMessage(text)
    if (message === undefined || message.origin === origin) return
    const { origin: _origin, ...change } = message
    notifyAll(listeners, change, options.logger).catch(() => {}) // notifyAll logs each listener's failure
  })
  // ioredis subscribes again by itself after a reconnection, but only to channels it once got:
  // a SUBSCRIBE that failed (Redis down at start) is retried each time the connection is ready.
  let listening = false
  const listen = async (): Promise<boolean> => await subscriber.subscribe(options.channel).then(() => {
    listening = true
    return true
  }, (err: Error) => {
    options.logger?.warn({ err: { message: err.message } }, 'registry changes: subscribe failed; polling keeps the directories fresh')
    return false
  })
  const subscribed = listen()
  subscriber.on('ready', () => { if (!listening) listen().catch(() => {}) })

  return {
    /** Resolves once this process listens on the channel (true), or could not (false). */
    subscribed,
    async publish (change) {
      await notifyAll(listeners, change, options.logger)
      try {
        await redis.publish(options.channel, JSON.stringify({ ...change, origin } satisfies Message))
      } catch (err) {
        options.logger?.warn({ ente: change.ente, err: { message: (err as Error).message } }, 'registry change not published; other processes will see it when they poll')
      }
    },
    subscribe (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    async close () {
      listeners.clear()
      subscriber.disconnect()
    }
  }
}

/** The channel every process of a deployment shares, under its Redis prefix (`see:` by default). */
export function registryChangesChannel (prefix = 'see:'): string {
  return `${prefix}registry:changes`
}
