import { randomBytes } from 'node:crypto'
import type { DatabaseKind } from '@see/db'
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@see/db/testing'
import { startFederation, type FederationOptions, type RunningFederation } from '@see/demo'
import { useCheapSecretHashing } from '@see/auth/testing'

// The federation's demo client, the registry's clients and every token request verify secrets.
useCheapSecretHashing()

export interface TestFederation extends RunningFederation {
  database: TestDatabase
  /** Authorization header with a fresh PDN-style token. */
  bearer: () => Promise<Record<string, string>>
}

/**
 * A federation for one test file, on a private schema of the machine's PostgreSQL (PGlite when it
 * is away outside CI), or on the database `kind` given. Redis is used when REDIS_URL is set (CI
 * sets it), under a key prefix of its own.
 */
export async function startTestFederation (testFile: string, options: FederationOptions, kind?: DatabaseKind): Promise<TestFederation> {
  const database = await openTestDatabase(kind ?? (await testDatabaseKinds(testFile))[0]!)
  const redis = process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL, redisPrefix: `see-test:${randomBytes(4).toString('hex')}:` } : {}
  const federation = await startFederation({ ...redis, ...options, database })
  return {
    ...federation,
    database,
    bearer: async () => ({ authorization: `Bearer ${await federation.token()}` }),
    async close () {
      await federation.close()
      await database.close()
    }
  }
}
