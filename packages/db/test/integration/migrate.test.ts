import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, MIGRATIONS_DIR, MigrationError } from '../../src/index.js'
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../src/testing.js'

const kinds = await testDatabaseKinds('db/migrate.test.ts')
// Every package adds its migrations to the same folder: expect whatever is there.
const versions = readdirSync(MIGRATIONS_DIR).map(file => Number(file.slice(0, 3))).sort((a, b) => a - b)
const newest = versions.at(-1) ?? 0

describe.each(kinds)('migrations on %s', (kind) => {
  let db: TestDatabase
  beforeAll(async () => { db = await openTestDatabase(kind) })
  afterAll(async () => { await db.close() })

  it('apply every migration to an empty database, then nothing on the next start', async () => {
    const first = await migrate(db.pool)
    expect(first.applied.map(m => m.version)).toEqual(versions)
    expect(first.version).toBe(newest)
    const second = await migrate(db.pool)
    expect(second).toEqual({ applied: [], version: newest })
    const tables = await db.pool.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1')
    expect(tables.rows.map(r => r.name)).toEqual(expect.arrayContaining([
      'audit_log', 'connection_stage_history', 'connection_test_reports', 'connections', 'ente_contacts', 'entes', 'schemaversion'
    ]))
  })

  it('make the audit log append-only: rows can be added and read, never changed or removed', async () => {
    await db.pool.query("INSERT INTO audit_log (actor_kind, actor_id, action) VALUES ('system', 'test', 'probe')")
    await expect(db.pool.query("UPDATE audit_log SET action = 'forged'")).rejects.toThrow(/append-only: UPDATE/)
    await expect(db.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE/)
    await expect(db.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE/)
    const { rows } = await db.pool.query('SELECT action FROM audit_log')
    expect(rows).toEqual([{ action: 'probe' }])
  })

  it('refuse a connection whose credentials are not sealed envelopes', async () => {
    await db.pool.query("INSERT INTO entes (clave, nombre, orden, poder) VALUES ('E1', 'Ente', 'estatal', 'ejecutivo')")
    const insert = 'INSERT INTO connections (ente_clave, system, protocol, base_url, auth_kind, credentials) VALUES ($1, $2, \'sesna-v1\', \'https://e.gob.mx\', \'static-bearer\', $3)'
    await expect(db.pool.query(insert, ['E1', 's2', JSON.stringify({ token: 'clear-secret' })])).rejects.toThrow(/connections_credentials_sealed/)
    await expect(db.pool.query(insert, ['E1', 's2', JSON.stringify({ token: 42 })])).rejects.toThrow(/connections_credentials_sealed/)
    await db.pool.query(insert, ['E1', 's2', JSON.stringify({ token: 'enc1:k1:aaaa:bbbb:cccc' })])
  })

  it('refuse a municipal ente without municipio and an unknown stage', async () => {
    await expect(db.pool.query("INSERT INTO entes (clave, nombre, orden, poder) VALUES ('M1', 'Ayuntamiento', 'municipal', 'ayuntamiento')"))
      .rejects.toThrow(/entes_municipal_has_municipio/)
    await expect(db.pool.query("UPDATE connections SET stage = 'lista' WHERE ente_clave = 'E1'")).rejects.toThrow(/connections_stage_known/)
  })
})

describe.each(kinds)('migration safety on %s', (kind) => {
  let db: TestDatabase
  let dir: string
  beforeAll(async () => {
    db = await openTestDatabase(kind)
    dir = mkdtempSync(join(tmpdir(), 'see-migrations-'))
  })
  afterAll(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuse to start when a migration is numbered below the database version', async () => {
    cpSync(MIGRATIONS_DIR, dir, { recursive: true })
    writeFileSync(join(dir, '900.do.later.sql'), 'CREATE TABLE later_table (id int);')
    expect((await migrate(db.pool, { directory: dir })).version).toBe(900)
    writeFileSync(join(dir, '899.do.landed-late.sql'), 'CREATE TABLE landed_late (id int);')
    await expect(migrate(db.pool, { directory: dir })).rejects.toThrow(MigrationError)
    await expect(migrate(db.pool, { directory: dir })).rejects.toThrow(/migrations 899 are numbered below the database version 900/)
  })

  it('roll back every migration of a failed run', async () => {
    rmSync(join(dir, '899.do.landed-late.sql'))
    writeFileSync(join(dir, '901.do.good.sql'), 'CREATE TABLE good_table (id int);')
    writeFileSync(join(dir, '902.do.bad.sql'), 'CREATE TABLE bad_table (id int); SELECT no_such_function();')
    await expect(migrate(db.pool, { directory: dir })).rejects.toThrow(/no_such_function/)
    const { rows } = await db.pool.query("SELECT to_regclass('good_table') AS good, to_regclass('bad_table') AS bad")
    expect(rows[0]).toEqual({ good: null, bad: null })
  })
})

describe.runIf(kinds.includes('postgresql'))('concurrent starts on postgresql', () => {
  let db: TestDatabase
  beforeAll(async () => { db = await openTestDatabase('postgresql') })
  afterAll(async () => { await db.close() })

  it('migrate once when two processes start at the same moment', async () => {
    const other = db.openSecondPool()
    const [a, b] = await Promise.all([migrate(db.pool), migrate(other)])
    expect([a.applied.length, b.applied.length].sort((x, y) => x - y)).toEqual([0, versions.length])
    expect(a.version).toBe(newest)
    expect(b.version).toBe(newest)
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schemaversion WHERE version > 0')
    expect(rows[0]).toEqual({ n: versions.length })
  })
})
