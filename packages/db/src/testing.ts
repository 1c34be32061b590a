import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Database, type DatabaseKind } from './open.js'
import { pristinePglite } from './pglite-template.js'

export { pristinePglite } from './pglite-template.js'

// Test support shared by every package whose integration tests touch the database: each test file
// gets a database of its own (a fresh schema on the machine's PostgreSQL, or a fresh in-memory PGlite).

/**
 * Set by the test run's global setup (test/support/global-setup.ts): the PostgreSQL every test
 * file uses, or `none`. Without it (another runner), each file looks for one itself.
 */
export const TEST_POSTGRES_ENV = 'SEE_TEST_POSTGRES'

const foundByGlobalSetup = process.env[TEST_POSTGRES_ENV] === 'none' ? undefined : process.env[TEST_POSTGRES_ENV]

// A live binding: it points at a container when the machine's PostgreSQL does not answer but Docker does.
export let TEST_DATABASE_URL = foundByGlobalSetup ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A service the tests use: where it answers (undefined: nowhere) and how to stop what was started for it. */
export interface TestService {
  url: string | undefined
  stop: () => Promise<void>
}

const NOTHING_TO_STOP = async (): Promise<void> => {}

async function postgresAnswers (url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * The PostgreSQL for a test run: `DATABASE_URL`, else 127.0.0.1:5432, else a throwaway container
 * where a container runtime answers. testcontainers (a development dependency) is loaded only
 * when the machine's PostgreSQL does not answer.
 */
export async function startTestPostgres (): Promise<TestService> {
  if (await postgresAnswers(TEST_DATABASE_URL)) return { url: TEST_DATABASE_URL, stop: NOTHING_TO_STOP }
  try {
    const { GenericContainer, Wait } = await import('testcontainers')
    const started = await new GenericContainer('postgres:16')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage('database system is ready to accept connections', 2))
      .start()
    return { url: `postgres://postgres@${started.getHost()}:${started.getMappedPort(5432)}/test`, stop: async () => { await started.stop() } }
  } catch {
    return { url: undefined, stop: NOTHING_TO_STOP }
  }
}

let ownPostgres: Promise<TestService> | undefined

/** What the global setup found; else this file's own search (memoized: a file looks once). */
async function testPostgresUrl (): Promise<string | undefined> {
  const resolved = process.env[TEST_POSTGRES_ENV]
  if (resolved !== undefined) return resolved === 'none' ? undefined : resolved
  ownPostgres ??= startTestPostgres()
  return (await ownPostgres).url
}

/**
 * The databases a test file should run against: PostgreSQL and PGlite. Under `CI=true` a silent
 * PostgreSQL is an error; elsewhere the PostgreSQL cases are left out and the file says so.
 */
export async function testDatabaseKinds (testFile: string): Promise<DatabaseKind[]> {
  const url = await testPostgresUrl()
  if (url !== undefined) {
    TEST_DATABASE_URL = url
    return ['postgresql', 'pglite']
  }
  const where = TEST_DATABASE_URL.replace(/\/\/[^@/]*@/, '//')
  if (process.env.CI === 'true') throw new Error(`PostgreSQL does not answer at ${where}; CI needs it for ${testFile}`)
  console.warn(`[${testFile}] PostgreSQL does not answer at ${where} and no container runtime is available: its cases are skipped, only PGlite runs`)
  return ['pglite']
}

export interface TestDatabase extends Database {
  /** The schema holding this test's tables (PostgreSQL) or 'public' (PGlite). */
  schema: string
  /** Opens another pool on the same schema, as a second process would (PostgreSQL only). */
  openSecondPool: () => pg.Pool
}

function schemaPool (schema: string, max = 5): pg.Pool {
  return new pg.Pool({ connectionString: TEST_DATABASE_URL, max, options: `-c search_path=${schema}` })
}

/** A fresh, empty database of the given kind; `close()` drops everything it made. */
export async function openTestDatabase (kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ pgliteTemplate: await pristinePglite() })
    return { ...db, schema: 'public', openSecondPool: () => { throw new Error('PGlite serves one process') } }
  }
  const schema = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await admin.end()
  }
  const pool = schemaPool(schema)
  const extraPools: pg.Pool[] = []
  return {
    pool,
    kind,
    schema,
    openSecondPool: () => {
      const extra = schemaPool(schema)
      extraPools.push(extra)
      return extra
    },
    close: async () => {
      await Promise.all([pool, ...extraPools].map(async p => await p.end()))
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await cleanup.connect()
      try {
        await cleanup.query(`DROP SCHEMA ${schema} CASCADE`)
      } finally {
        await cleanup.end()
      }
    }
  }
}
