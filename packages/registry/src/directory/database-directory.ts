import type { RegistryStage, RegistrySystem } from '@see/openapi/types'
import type pg from 'pg'
import type { DbLogger } from '@see/db'
import type { CredentialKeys } from '../credentials/keys.js'
import { openCredentials } from '../credentials/sealed-fields.js'
import type { EnteDirectory } from '../directory.js'
import { configUnderTest, PENDING_COLUMNS, type ConnectionRow } from '../store/connection-rows.js'
import { toRegistryEntry, type RegistryEntry } from './entry.js'
import { PRODUCTION_STAGES, SANDBOX_STAGES } from './stages.js'

export interface DatabaseDirectoryOptions {
  /** Which stages the directory serves; `['produccion']` for PDN queries. */
  stages: RegistryStage[]
  /**
   * `approved` (default): each connection's configuration in force — what the PDN may reach.
   * `under-test`: the pending configuration where there is one, and connections in production
   * that have one too — what the sandbox and connection tests use.
   */
  configuration?: 'approved' | 'under-test'
  /** How often the snapshot is reloaded; 0 turns polling off (then only `refresh()` reloads). */
  refreshMs?: number
  logger?: DbLogger
}

/** An `EnteDirectory` over the registry, for every system, kept fresh by polling. */
export interface DatabaseDirectory extends EnteDirectory {
  list: (system: RegistrySystem) => RegistryEntry[]
  get: (system: RegistrySystem, clave: string) => RegistryEntry | undefined
  /** Reloads now; resolves when the new snapshot is in place. */
  refresh: () => Promise<void>
  /** Stops polling. */
  close: () => void
}

type DirectoryRow = ConnectionRow & { nombre: string, siglas: string | null }

async function loadRows (pool: pg.Pool, stages: RegistryStage[], underTest: boolean): Promise<DirectoryRow[]> {
  const { rows } = await pool.query<DirectoryRow>(
    `SELECT c.*, e.nombre, e.siglas, ${PENDING_COLUMNS}
       FROM connections c JOIN entes e ON e.clave = c.ente_clave
       LEFT JOIN connection_pending_configs p ON p.ente_clave = c.ente_clave AND p.system = c.system
      WHERE c.stage = ANY($1::text[]) OR ($2::boolean AND p.ente_clave IS NOT NULL AND c.stage = ANY($3::text[]))
      ORDER BY c.ente_clave COLLATE "C"`, [stages, underTest, [...PRODUCTION_STAGES]])
  // Under test, a connection is served with the configuration the next approval would put in force.
  return underTest ? rows.map(row => ({ ...row, ...configUnderTest(row) })) : rows
}

function usable (row: DirectoryRow, keys: CredentialKeys, logger?: DbLogger): boolean {
  try {
    openCredentials(keys, row.ente_clave, row.system, row.credentials)
    return true
  } catch (err) {
    logger?.error({ ente: row.ente_clave, system: row.system, code: (err as { code?: string }).code }, 'registry connection skipped: its credentials do not open')
    return false
  }
}

function index (rows: DirectoryRow[], keys: CredentialKeys, logger?: DbLogger): Map<RegistrySystem, RegistryEntry[]> {
  const bySystem = new Map<RegistrySystem, RegistryEntry[]>()
  for (const row of rows) {
    if (!usable(row, keys, logger)) continue
    bySystem.set(row.system, [...(bySystem.get(row.system) ?? []), toRegistryEntry(row, keys)])
  }
  for (const entries of bySystem.values()) entries.sort((a, b) => a.clave < b.clave ? -1 : a.clave > b.clave ? 1 : 0)
  return bySystem
}

/**
 * Loads the connections in the given stages and reloads them every `refreshMs` (5 s by default).
 * A failed reload keeps the last good snapshot and is logged. Resolves once the first load is done.
 */
export async function directoryFromDatabase (
  ctx: { pool: pg.Pool, keys: CredentialKeys },
  options: DatabaseDirectoryOptions = { stages: ['produccion'] }
): Promise<DatabaseDirectory> {
  const underTest = options.configuration === 'under-test'
  let snapshot = index(await loadRows(ctx.pool, options.stages, underTest), ctx.keys, options.logger)
  // Reloads run one after another; a refresh() asked for after a change always sees that change.
  let chain: Promise<void> = Promise.resolve()
  const refresh = async (): Promise<void> => {
    const run = chain.catch(() => {}).then(async () => {
      snapshot = index(await loadRows(ctx.pool, options.stages, underTest), ctx.keys, options.logger)
    })
    chain = run
    await run
  }
  let polling = false
  const poll = (): void => {
    if (polling) return // the database is slow: do not pile reloads up
    polling = true
    refresh()
      .catch((err: Error) => options.logger?.warn({ err: { message: err.message } }, 'registry directory reload failed; keeping the last snapshot'))
      .finally(() => { polling = false })
  }
  const period = options.refreshMs ?? 5_000
  const timer = period > 0 ? setInterval(poll, period) : undefined
  timer?.unref()
  return {
    list: system => snapshot.get(system) ?? [],
    get: (system, clave) => snapshot.get(system)?.find(entry => entry.clave === clave),
    refresh,
    close: () => { if (timer !== undefined) clearInterval(timer) }
  }
}

/**
 * The connections in `pruebas` or `mantenimiento`, and those in production with a pending
 * configuration, each with the configuration under test: they answer only the sandbox route of
 * their ente, operators and connection tests.
 */
export async function sandboxDirectory (
  ctx: { pool: pg.Pool, keys: CredentialKeys },
  options: Omit<DatabaseDirectoryOptions, 'stages' | 'configuration'> = {}
): Promise<DatabaseDirectory> {
  return await directoryFromDatabase(ctx, { ...options, stages: [...SANDBOX_STAGES], configuration: 'under-test' })
}
