import pg from 'pg'
import { silentLogger, type DbLogger } from './logger.js'

export type DatabaseKind = 'postgresql' | 'pglite'

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without it an embedded PGlite is started. */
  databaseUrl?: string
  /** Where PGlite keeps its files; in memory when absent. Ignored with `databaseUrl`. */
  pgliteDir?: string
  /** In memory only: a PGlite data directory (from `dumpDataDir`) to start from instead of running initdb. */
  pgliteTemplate?: Blob
  /** Pool size for PostgreSQL (PGlite always gets one connection). */
  maxConnections?: number
  logger?: DbLogger
}

export interface Database {
  pool: pg.Pool
  kind: DatabaseKind
  /**
   * Embedded PGlite only: the connection string of its socket on 127.0.0.1 (no password), so another
   * process on this machine — the auth CLI beside `npm start` — reaches the same data while it runs.
   */
  localUrl?: string
  close: () => Promise<void>
}

/** Reads `DATABASE_URL` and `PGLITE_DIR`; empty values count as absent. */
export function databaseOptionsFromEnv (env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  const options: DatabaseOptions = {}
  if (env.DATABASE_URL) options.databaseUrl = env.DATABASE_URL
  if (env.PGLITE_DIR) options.pgliteDir = env.PGLITE_DIR
  return options
}

function watchPool (pool: pg.Pool, kind: DatabaseKind, logger: DbLogger): pg.Pool {
  // An idle client that loses its server emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', err => logger.error({ kind, err: { message: err.message } }, 'database connection lost'))
  return pool
}

/**
 * Opens the platform database: PostgreSQL when a URL is given, otherwise embedded PGlite behind a
 * local socket, reached through the same `pg` client so that the same SQL and migrations serve both.
 */
export async function openDatabase (options: DatabaseOptions = {}): Promise<Database> {
  const logger = options.logger ?? silentLogger
  if (options.databaseUrl) {
    const pool = watchPool(new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'see-chiapas'
    }), 'postgresql', logger)
    logger.info({ kind: 'postgresql' }, 'database pool opened')
    return { pool, kind: 'postgresql', close: async () => { await pool.end() } }
  }
  // Imported only here: processes on PostgreSQL never load PGlite.
  const { startEmbeddedPostgres } = await import('./embedded.js')
  const embedded = await startEmbeddedPostgres(options.pgliteDir, options.pgliteTemplate)
  // One connection: see embedded.ts. Idle connections stay open so the single slot is never re-dialled.
  const pool = watchPool(new pg.Pool({
    host: embedded.host,
    port: embedded.port,
    user: 'postgres',
    database: 'postgres',
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: 30_000
  }), 'pglite', logger)
  logger.info({ kind: 'pglite', persistent: options.pgliteDir !== undefined }, 'embedded database started')
  return {
    pool,
    kind: 'pglite',
    localUrl: `postgres://postgres@${embedded.host}:${embedded.port}/postgres`,
    close: async () => {
      await pool.end()
      await embedded.stop()
    }
  }
}
