import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, MIGRATIONS_DIR, openDatabase } from '../../src/index.js'

const newest = Math.max(...readdirSync(MIGRATIONS_DIR).map(file => Number(file.slice(0, 3))))

describe('embedded database with PGLITE_DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'see-pglite-'))
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

  it('keeps its data and schema version across restarts', async () => {
    const first = await openDatabase({ pgliteDir: dir })
    expect((await migrate(first.pool)).version).toBe(newest)
    await first.pool.query("INSERT INTO entes (clave, nombre, orden, poder) VALUES ('SEFIN', 'Secretaría de Finanzas', 'estatal', 'ejecutivo')")
    await first.close()

    const second = await openDatabase({ pgliteDir: dir })
    try {
      expect(await migrate(second.pool)).toEqual({ applied: [], version: newest })
      expect((await second.pool.query('SELECT clave FROM entes')).rows).toEqual([{ clave: 'SEFIN' }])
    } finally {
      await second.close()
    }
  })
})
