import type pg from 'pg'
import type { CredentialKeys } from '../credentials/keys.js'
import type { Resolver, UrlPolicy } from '../ssrf/policy.js'

/** What the registry's functions need: the database, the keys that seal credentials, and the URL policy. */
export interface RegistryContext {
  pool: pg.Pool
  keys: CredentialKeys
  urlPolicy: UrlPolicy
  /** DNS resolution for the URL check; the system resolver when absent (tests inject their own). */
  resolve?: Resolver
}

/** A pool or a client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient
