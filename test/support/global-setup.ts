import { pristinePglite, startTestPostgres, TEST_POSTGRES_ENV } from '@see/db/testing'
import { startTestRedis, TEST_REDIS_ENV } from '@see/redis/testing'

// Once per test run, before any test file: find PostgreSQL and Redis (or start one container of
// each where a container runtime answers), and have PGlite's fresh data directory ready. Test
// files read the outcome from the environment instead of each probing (and loading
// testcontainers) on its own; each still says which of its cases it skipped.
export default async function setup (): Promise<() => Promise<void>> {
  const [postgres, redis] = await Promise.all([startTestPostgres(), startTestRedis(), pristinePglite()])
  process.env[TEST_POSTGRES_ENV] = postgres.url ?? 'none'
  process.env[TEST_REDIS_ENV] = redis.url ?? 'none'
  return async () => {
    await Promise.all([postgres.stop(), redis.stop()])
  }
}
