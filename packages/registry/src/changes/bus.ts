import type { RegistrySystem } from '@see/openapi/types'

/** One change of the registry, as announced to every process that serves from it. */
export interface RegistryChange {
  ente: string
  system?: RegistrySystem
  /** The audit action that made it, e.g. `connection.stage`. */
  action: string
}

export type ChangeListener = (change: RegistryChange) => void | Promise<void>

/**
 * How registry changes reach the running gateway and services without a restart: whoever changes
 * the registry publishes; whoever serves from it subscribes and reloads. Listeners in the
 * publishing process run before `publish` resolves, so an API answer is already in force there.
 */
export interface RegistryChangeBus {
  publish: (change: RegistryChange) => Promise<void>
  /** Returns the function that unsubscribes. */
  subscribe: (listener: ChangeListener) => () => void
  close: () => Promise<void>
}

export interface ChangeLogger {
  warn: (object: object, message: string) => void
}

/** Runs every listener; one that fails is logged and does not stop the others. */
export async function notifyAll (listeners: Iterable<ChangeListener>, change: RegistryChange, logger?: ChangeLogger): Promise<void> {
  await Promise.all([...listeners].map(async (listener) => {
    try {
      await listener(change)
    } catch (err) {
      logger?.warn({ ente: change.ente, err: { message: (err as Error).message } }, 'registry change listener failed')
    }
  }))
}

/** Changes within one process (the embedded setup: gateway and services share it). */
export function memoryChangeBus (logger?: ChangeLogger): RegistryChangeBus {
  const listeners = new Set<ChangeListener>()
  return {
    publish: async change => await notifyAll(listeners, change, logger),
    subscribe (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    close: async () => { listeners.clear() }
  }
}
