import type pg from 'pg'

/**
 * Runs `work` inside one transaction on one client, committing on success and rolling back on any
 * error. `work` must use the client it is given, never the pool: with PGlite the pool has a single
 * connection and a nested `pool.query` would wait for ever.
 */
export async function withTransaction<T> (pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    client.release()
    return result
  } catch (err) {
    try {
      await client.query('ROLLBACK')
      client.release()
    } catch (rollbackError) {
      client.release(rollbackError as Error)
    }
    throw err
  }
}
