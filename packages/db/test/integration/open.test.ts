import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, withTransaction, type Database } from '../../src/index.js'
import { TEST_DATABASE_URL, testDatabaseKinds } from '../../src/testing.js'

const kinds = await testDatabaseKinds('db/open.test.ts')

describe.each(kinds)('openDatabase on %s', (kind) => {
  let db: Database
  beforeAll(async () => {
    db = await openDatabase(kind === 'postgresql' ? { databaseUrl: TEST_DATABASE_URL } : {})
  })
  afterAll(async () => { await db.close() })

  it('says which database it opened', () => {
    expect(db.kind).toBe(kind)
  })

  it('keeps answering after a query fails', async () => {
    // With PGlite, pg's pool replaces the connection after an error; the socket server must accept the new one.
    for (let i = 0; i < 3; i++) {
      await expect(db.pool.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/)
      expect((await db.pool.query('SELECT $1::int AS n', [i])).rows).toEqual([{ n: i }])
    }
  })

  it('commits a transaction that succeeds and rolls back one that fails', async () => {
    await db.pool.query('CREATE TEMP TABLE IF NOT EXISTS probe (n int)')
    await withTransaction(db.pool, async client => { await client.query('INSERT INTO probe VALUES (1)') })
    await expect(withTransaction(db.pool, async client => {
      await client.query('INSERT INTO probe VALUES (2)')
      throw new Error('changed my mind')
    })).rejects.toThrow('changed my mind')
    const { rows } = await db.pool.query('SELECT n FROM probe ORDER BY n')
    expect(rows).toEqual([{ n: 1 }])
  })
})
