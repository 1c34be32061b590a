export { openDatabase, databaseOptionsFromEnv, type Database, type DatabaseKind, type DatabaseOptions } from './open.js'
export { migrate, MigrationError, MIGRATIONS_DIR, type MigrateOptions, type MigrationResult } from './migrate.js'
export { withTransaction } from './transaction.js'
export { type DbLogger, silentLogger } from './logger.js'
