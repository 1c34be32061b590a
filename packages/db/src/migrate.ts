import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import Postgrator from 'postgrator'
import { silentLogger, type DbLogger } from './logger.js'

/** The one folder of versioned migrations (`NNN.do.<name>.sql`) for every package's tables. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url))

// First half of the two-key advisory lock; the second half is the schema, so that databases with
// several schemas (tests) migrate them independently.
const LOCK_NAMESPACE = 7_301_001

export class MigrationError extends Error {
  readonly code = 'DB_MIGRATION'
}

export interface MigrationResult {
  /** Versions applied by this call, in order; empty when the database was already current. */
  applied: Array<{ version: number, name: string }>
  version: number
}

export interface MigrateOptions {
  logger?: DbLogger
  /** Tests point this at a folder of their own. */
  directory?: string
}

async function currentPlace (client: pg.PoolClient): Promise<{ schema: string, database: string }> {
  const { rows } = await client.query<{ schema: string | null, database: string }>('SELECT current_schema() AS schema, current_database() AS database')
  const schema = rows[0]?.schema
  if (!schema) throw new MigrationError('no schema to migrate: the search_path names no existing schema')
  return { schema, database: rows[0]?.database ?? '' }
}

/**
 * A migration numbered below the database's version is never run by postgrator. That happens when
 * two branches reserve number ranges and the lower one lands later: refuse to start instead.
 */
async function assertNoSkippedMigrations (postgrator: Postgrator, client: pg.PoolClient, schemaTable: string): Promise<void> {
  const exists = await client.query('SELECT to_regclass($1) AS t', [schemaTable])
  if (exists.rows[0]?.t === null) return
  const applied = new Set((await client.query<{ version: string }>(`SELECT version FROM ${schemaTable}`)).rows.map(r => Number(r.version)))
  const current = Math.max(0, ...applied)
  const skipped = (await postgrator.getMigrations())
    .filter(m => m.action === 'do' && m.version <= current && !applied.has(m.version))
  if (skipped.length > 0) {
    throw new MigrationError(`migrations ${skipped.map(m => m.version).join(', ')} are numbered below the database version ${current} and were never applied; renumber them above ${current}`)
  }
}

/**
 * Brings the schema of the pool's connections up to the newest migration. Idempotent; several
 * processes may call it at once: a transaction-scoped advisory lock lets one migrate while the
 * others wait, and all migrations of one call commit or roll back together.
 */
export async function migrate (pool: pg.Pool, options: MigrateOptions = {}): Promise<MigrationResult> {
  const logger = options.logger ?? silentLogger
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const place = await currentPlace(client)
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, place.schema])
    const schemaTable = `${place.schema}.schemaversion`
    const postgrator = new Postgrator({
      migrationPattern: `${options.directory ?? MIGRATIONS_DIR}/*.sql`,
      driver: 'pg',
      database: place.database,
      schemaTable,
      execQuery: async query => await client.query(query)
    })
    await assertNoSkippedMigrations(postgrator, client, `${client.escapeIdentifier(place.schema)}.schemaversion`)
    const applied = await postgrator.migrate()
    const version = await postgrator.getDatabaseVersion()
    await client.query('COMMIT')
    client.release()
    const result = { applied: applied.map(m => ({ version: m.version, name: m.name })), version }
    if (result.applied.length > 0) logger.info({ applied: result.applied, version }, 'database migrated')
    return result
  } catch (err) {
    await client.query('ROLLBACK').then(() => client.release(), (rollbackError: Error) => client.release(rollbackError))
    if (err instanceof MigrationError) throw err
    const cause = err as Error & { appliedMigrations?: unknown }
    throw new MigrationError(`database migration failed: ${cause.message}`, { cause })
  }
}
