import type { Ente, EnteConnection } from '@see/openapi/types'
import type { SystemId } from '@see/systems'

export type { SystemId } from '@see/systems'

/** An ente as the federation plans with it: its place in the fixed order and its connection. */
export interface EnteEntry {
  clave: string
  nombre: string
  siglas?: string
  connection: EnteConnection
}

/**
 * Who answers for each system. The gateway plans over `list`; services resolve a clave to its
 * connection with `get`. The file-backed directory is the foundation's; the Sistema Registral
 * replaces it behind the same interface.
 */
export interface EnteDirectory {
  /** Entes with a connection for the system, in the fixed federation order (by clave). */
  list: (system: SystemId) => EnteEntry[]
  get: (system: SystemId, clave: string) => EnteEntry | undefined
}

export function directoryFromEntes (entes: Ente[]): EnteDirectory {
  const bySystem = new Map<SystemId, EnteEntry[]>()
  for (const ente of [...entes].sort((a, b) => a.clave < b.clave ? -1 : a.clave > b.clave ? 1 : 0)) {
    for (const [system, connection] of Object.entries(ente.systems) as Array<[SystemId, EnteConnection | undefined]>) {
      if (!connection) continue
      const entry: EnteEntry = { clave: ente.clave, nombre: ente.nombre, connection }
      if (ente.siglas !== undefined) entry.siglas = ente.siglas
      bySystem.set(system, [...(bySystem.get(system) ?? []), entry])
    }
  }
  return {
    list: system => bySystem.get(system) ?? [],
    get: (system, clave) => bySystem.get(system)?.find(e => e.clave === clave)
  }
}
