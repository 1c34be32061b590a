import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { databaseOptionsFromEnv, MIGRATIONS_DIR } from '../../src/index.js'

describe('migration files', () => {
  const files = readdirSync(MIGRATIONS_DIR)

  it('are all forward SQL migrations named NNN.do.<name>.sql', () => {
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) expect(file).toMatch(/^\d{3}\.do\.[a-z0-9-]+\.sql$/)
  })

  it('use each number once', () => {
    const numbers = files.map(f => f.slice(0, 3))
    expect(new Set(numbers).size).toBe(numbers.length)
  })
})

describe('databaseOptionsFromEnv', () => {
  it('takes DATABASE_URL and PGLITE_DIR, treating empty values as absent', () => {
    expect(databaseOptionsFromEnv({ DATABASE_URL: 'postgres://x@h/db', PGLITE_DIR: '/data' })).toEqual({ databaseUrl: 'postgres://x@h/db', pgliteDir: '/data' })
    expect(databaseOptionsFromEnv({ DATABASE_URL: '', PGLITE_DIR: '' })).toEqual({})
  })
})
