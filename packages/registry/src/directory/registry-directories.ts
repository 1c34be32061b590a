import type pg from 'pg'
import type { DbLogger } from '@see/db'
import type { RegistryChange, RegistryChangeBus } from '../changes/bus.js'
import type { CredentialKeys } from '../credentials/keys.js'
import { REGISTRY_SYSTEMS } from '../model/systems.js'
import { directoryFromDatabase, type DatabaseDirectory } from './database-directory.js'
import type { RegistryEntry } from './entry.js'
import { PRODUCTION_STAGES, SANDBOX_STAGES } from './stages.js'

export interface RegistryDirectoriesOptions {
  /** Polling period: the safety net for changes that no message announced (default 5 s; 0 turns it off). */
  refreshMs?: number
  /** Changes announced by whoever changed the registry: each one reloads at once. */
  changes?: RegistryChangeBus
  logger?: DbLogger
}

export interface RegistryDirectories {
  /** What PDN queries federate over. */
  production: DatabaseDirectory
  /** Connections under test or maintenance, and pending configurations of those in production: the sandbox route and connection tests. */
  sandbox: DatabaseDirectory
  /** Reloads both now; resolves with the claves whose entries changed. */
  refresh: () => Promise<string[]>
  /**
   * Hears every ente whose entry changed (or that an announced change names), after both
   * directories reloaded, so a process drops what it cached about it. Returns the unsubscribe.
   */
  onChange: (listener: (ente: string) => void | Promise<void>) => () => void
  close: () => void
}

/** What a process serving from an entry depends on; credentials change `configVersion`. */
function signature (entry: RegistryEntry): string {
  const { baseUrl, tokenUrl, timeouts, maxConnections } = entry.connection
  return JSON.stringify([entry.system, entry.stage, entry.configVersion, entry.nombre, entry.siglas, entry.dependenciasUrl, baseUrl, tokenUrl, timeouts, maxConnections])
}

function signatures (directories: DatabaseDirectory[]): Map<string, string> {
  const byEnte = new Map<string, string>()
  for (const directory of directories) {
    for (const system of REGISTRY_SYSTEMS) {
      for (const entry of directory.list(system)) byEnte.set(entry.clave, `${byEnte.get(entry.clave) ?? ''}${signature(entry)}`)
    }
  }
  return byEnte
}

function changedClaves (before: Map<string, string>, after: Map<string, string>): string[] {
  const claves = new Set([...before.keys(), ...after.keys()])
  return [...claves].filter(clave => before.get(clave) !== after.get(clave)).sort()
}

/**
 * The production and sandbox directories of a process, kept fresh: reloaded at once on every
 * announced change and every `refreshMs` otherwise; `onChange` listeners hear which entes changed.
 */
export async function registryDirectories (ctx: { pool: pg.Pool, keys: CredentialKeys }, options: RegistryDirectoriesOptions = {}): Promise<RegistryDirectories> {
  const base = { refreshMs: 0, ...(options.logger && { logger: options.logger }) }
  const production = await directoryFromDatabase(ctx, { ...base, stages: [...PRODUCTION_STAGES] })
  const sandbox = await directoryFromDatabase(ctx, { ...base, stages: [...SANDBOX_STAGES], configuration: 'under-test' })
  let known = signatures([production, sandbox])
  const listeners = new Set<(ente: string) => void | Promise<void>>()

  // One reload at a time, so each diff compares consecutive snapshots.
  let chain: Promise<unknown> = Promise.resolve()
  const refresh = async (named?: string): Promise<string[]> => {
    const run = chain.catch(() => {}).then(async () => {
      await Promise.all([production.refresh(), sandbox.refresh()])
      const next = signatures([production, sandbox])
      const changed = changedClaves(known, next)
      known = next
      if (named !== undefined && !changed.includes(named)) changed.push(named)
      for (const clave of changed) {
        for (const listener of listeners) {
          try {
            await listener(clave)
          } catch (err) {
            options.logger?.warn({ ente: clave, err: { message: (err as Error).message } }, 'registry change listener failed')
          }
        }
      }
      return changed
    })
    chain = run
    return await run
  }

  const onMessage = async (change: RegistryChange): Promise<void> => { await refresh(change.ente) }
  const unsubscribe = options.changes?.subscribe(onMessage)
  let polling = false
  const period = options.refreshMs ?? 5_000
  const timer = period > 0
    ? setInterval(() => {
      if (polling) return
      polling = true
      refresh()
        .catch((err: Error) => options.logger?.warn({ err: { message: err.message } }, 'registry directories reload failed; keeping the last snapshot'))
        .finally(() => { polling = false })
    }, period)
    : undefined
  timer?.unref()
  return {
    production,
    sandbox,
    refresh: async () => await refresh(),
    onChange (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    close () {
      listeners.clear()
      if (timer !== undefined) clearInterval(timer)
      unsubscribe?.()
      production.close()
      sandbox.close()
    }
  }
}
