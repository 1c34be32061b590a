import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { migrate } from '@see/db'
import { openTestDatabase, testDatabaseKinds, TEST_DATABASE_URL, type TestDatabase } from '@see/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, UsageError } from '../../src/cli/commands.js'
import { KeyRing, postgresAuthStore, type AuthStore } from '../../src/index.js'
import { verifySecret } from '../../src/secrets.js'

const kinds = await testDatabaseKinds('auth/cli.test.ts')
const [kind = 'pglite'] = kinds

async function run (store: AuthStore, argv: string[], stdin = ''): Promise<string[]> {
  const lines: string[] = []
  await runCommand(argv, { out: line => lines.push(line), readSecret: async () => stdin }, store)
  return lines
}

const valueOf = (lines: string[], key: string): string => lines.find(l => l.startsWith(`${key}: `))?.slice(key.length + 2) ?? ''

describe(`auth CLI commands (${kind})`, () => {
  let db: TestDatabase
  let store: AuthStore
  beforeAll(async () => {
    db = await openTestDatabase(kind)
    await migrate(db.pool)
    store = postgresAuthStore(db.pool)
  })
  afterAll(async () => await db.close())

  it('creates a PDN client, printing its secret once, and lists it without the secret', async () => {
    const created = await run(store, ['client', 'create', '--name', 'PDN', '--id', 'pdn', '--scopes', 'read:spic', '--password-grant'])
    const secret = valueOf(created, 'client_secret')
    expect(secret).toHaveLength(43)
    expect(created.join('\n')).toContain('no se volverá a mostrar')
    const client = await store.findClient('pdn')
    expect(client).toMatchObject({ passwordGrantAllowed: true, grants: ['password'], scopes: ['read:spic'] })
    expect(await verifySecret(client?.secretHash, secret)).toBe(true)
    const listed = (await run(store, ['client', 'list'])).join('\n')
    expect(listed).toContain('pdn\tPDN')
    expect(listed).not.toContain(secret)
  })

  it('rotates a secret and disables and enables a client', async () => {
    const rotated = valueOf(await run(store, ['client', 'rotate-secret', 'pdn']), 'client_secret')
    expect(await verifySecret((await store.findClient('pdn'))?.secretHash, rotated)).toBe(true)
    await run(store, ['client', 'disable', 'pdn'])
    expect((await store.findClient('pdn'))?.disabled).toBe(true)
    await run(store, ['client', 'enable', 'pdn'])
    expect((await store.findClient('pdn'))?.disabled).toBe(false)
  })

  it('creates users with a generated or piped password, changes and disables them', async () => {
    const generated = valueOf(await run(store, ['user', 'create', 'pdn-sesna']), 'password')
    expect(await verifySecret((await store.findUser('pdn-sesna'))?.passwordHash, generated)).toBe(true)
    const piped = await run(store, ['user', 'set-password', 'pdn-sesna', '--password-stdin'], 'contraseña-desde-stdin\n')
    expect(piped.join('\n')).not.toContain('contraseña-desde-stdin')
    expect(await verifySecret((await store.findUser('pdn-sesna'))?.passwordHash, 'contraseña-desde-stdin')).toBe(true)
    await run(store, ['user', 'disable', 'pdn-sesna'])
    expect((await run(store, ['user', 'list'])).join('\n')).toContain('pdn-sesna\tDESHABILITADO')
  })

  it('records every action in the auth audit, without the CLI as a client and without secrets', async () => {
    const { rows } = await db.pool.query<Record<string, unknown>>(
      "SELECT type, subject, client_id, jti, scope FROM auth_events WHERE type LIKE 'client.%' OR type LIKE 'user.%' ORDER BY id")
    expect(rows.map(r => [r.type, r.subject])).toEqual([
      ['client.created', 'pdn'], ['client.secret_rotated', 'pdn'], ['client.disabled', 'pdn'], ['client.enabled', 'pdn'],
      ['user.created', 'pdn-sesna'], ['user.password_changed', 'pdn-sesna'], ['user.disabled', 'pdn-sesna']
    ])
    expect(rows[0]).toMatchObject({ client_id: null, jti: null, scope: 'read:spic' })
    const { rows: all } = await db.pool.query('SELECT * FROM auth_events')
    expect(JSON.stringify(all)).not.toContain('contraseña-desde-stdin')
  })

  it('refuses bad usage with a Spanish message', async () => {
    await expect(run(store, ['client', 'create', '--name', 'X'])).rejects.toBeInstanceOf(UsageError)
    await expect(run(store, ['client', 'rotate-secret'])).rejects.toThrow(/exactamente un client_id/)
    await expect(run(store, ['client', 'create', '--name', 'X', '--scopes', 'read:todo'])).rejects.toThrow(/Alcances desconocidos/)
    await expect(run(store, ['client', 'disable', 'nadie'])).rejects.toThrow(/No existe el cliente/)
  })

  it('generates a SEE_JWT_KEYS value that loads as a signing ring', async () => {
    const lines = await run(store, ['keys', 'generate', '--alg', 'EdDSA'])
    const ring = await KeyRing.fromConfig(lines[1] ?? '')
    expect(ring.current.alg).toBe('EdDSA')
  })
})

// The real entry point, as an operator runs it, against this machine's PostgreSQL.
for (const pgKind of kinds.filter(k => k === 'postgresql')) {
  describe(`npx tsx packages/auth/src/cli.ts (${pgKind})`, () => {
    let db: TestDatabase
    beforeAll(async () => { db = await openTestDatabase(pgKind) })
    afterAll(async () => await db.close())

    it('creates a client in the database named by DATABASE_URL and prints its secret once', async () => {
      const url = new URL(TEST_DATABASE_URL)
      url.searchParams.set('options', `-c search_path=${db.schema}`)
      const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, 'client', 'create', '--name', 'PDN', '--id', 'pdn', '--scopes', 'read:spic', '--password-grant'], {
        env: { ...process.env, DATABASE_URL: url.toString() }
      })
      expect(stdout).toMatch(/^client_secret: [A-Za-z0-9_-]{43}$/m)
      const { rows } = await db.pool.query('SELECT client_id, password_grant_allowed FROM auth_clients')
      expect(rows).toEqual([{ client_id: 'pdn', password_grant_allowed: true }])
      const usage = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, 'client', 'frobnicate'], { env: { ...process.env, DATABASE_URL: url.toString() } }).catch((err: { code: number, stderr: string }) => err)
      expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('Acción desconocida para client') })
    })
  })
}
