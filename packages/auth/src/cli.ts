// Administration of OAuth2 clients and users: `npx tsx packages/auth/src/cli.ts help`.
import { text } from 'node:stream/consumers'
import { migrate, openDatabase, type DatabaseOptions } from '@see/db'
import { databaseEnv, loadConfig, Type } from '@see/kit'
import { AuthAdminError } from './admin.js'
import { HELP, needsStore, runCommand, UsageError, type CliIo } from './cli/commands.js'
import { postgresAuthStore } from './store/postgres.js'
import { AuthStoreError } from './store/types.js'

const io: CliIo = {
  out: line => { process.stdout.write(`${line}\n`) },
  readSecret: async () => await text(process.stdin)
}

/** The database from `DATABASE_URL` / `PGLITE_DIR`, checked by the platform's shared schema fragment. */
function databaseOptions (): DatabaseOptions {
  const config = loadConfig(Type.Object(databaseEnv))
  return { ...(config.DATABASE_URL !== undefined && { databaseUrl: config.DATABASE_URL }), ...(config.PGLITE_DIR !== undefined && { pgliteDir: config.PGLITE_DIR }) }
}

async function main (argv: string[]): Promise<number> {
  if (!needsStore(argv)) {
    await runCommand(argv, io)
    return 0
  }
  const options = databaseOptions()
  if (options.databaseUrl === undefined && options.pgliteDir === undefined) {
    process.stderr.write('Aviso: sin DATABASE_URL ni PGLITE_DIR la base embebida vive en memoria y los cambios se pierden al salir. Para la demostración en marcha, use la DATABASE_URL que imprime `npm start`.\n')
  }
  const db = await openDatabase(options)
  try {
    await migrate(db.pool)
    await runCommand(argv, io, postgresAuthStore(db.pool))
    return 0
  } finally {
    await db.close()
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  if (err instanceof UsageError || String((err as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) {
    const message = err instanceof UsageError ? err.message : `opciones no válidas (${(err as Error).message}).`
    process.stderr.write(`Error: ${message}\n\n${HELP}\n`)
    process.exitCode = 2
  } else if (err instanceof AuthAdminError || err instanceof AuthStoreError || (err as { code?: unknown }).code === 'SEE_CONFIG') {
    process.stderr.write(`Error: ${(err as Error).message}\n`)
    process.exitCode = 1
  } else {
    process.stderr.write(`Error inesperado: ${(err as Error).message}\n`)
    process.exitCode = 1
  }
}
