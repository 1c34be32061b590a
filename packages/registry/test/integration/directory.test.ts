import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import { INTERNAL_SCHEMA_ID, internalDocument, ref, schemaBundle } from '@see/openapi'
import {
  changeStage, directoryFromDatabase, recordTestReport, sandboxDirectory, type DatabaseDirectory, type RegistryContext
} from '../../src/index.js'
import { connectionInput, enteAtStage, openRegistryTest, operator, SECRETS, system, type RegistryTest } from '../support/registry.js'

const kinds = await testDatabaseKinds('registry/directory.test.ts')
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function enteConnectionValidator (): (data: unknown) => boolean {
  const ajv = new Ajv({ allErrors: true, keywords: ['components', 'example'] })
  addFormats(ajv)
  ajv.addSchema(schemaBundle(INTERNAL_SCHEMA_ID, internalDocument))
  return ajv.compile(ref(INTERNAL_SCHEMA_ID, 'EnteConnection'))
}

describe.each(kinds)('registry directory on %s', (kind) => {
  let t: RegistryTest
  let ctx: RegistryContext
  const directories: DatabaseDirectory[] = []
  beforeAll(async () => {
    t = await openRegistryTest(kind)
    ctx = t.ctx
    await enteAtStage(ctx, 'SEFIN', 'produccion')
    await enteAtStage(ctx, 'IEPC', 'pruebas')
    await enteAtStage(ctx, 'CONGRESO', 'solicitud')
    await enteAtStage(ctx, 'DIRECTUS', 'produccion', connectionInput('DIRECTUS', {
      protocol: 'directus-v2', tokenUrl: undefined, auth: { kind: 'static-bearer', token: 'directus-token' }
    }))
  })
  afterAll(async () => {
    for (const d of directories) d.close()
    await t.close()
  })

  async function open (kindOf: 'production' | 'sandbox', refreshMs = 0): Promise<DatabaseDirectory> {
    const directory = kindOf === 'production'
      ? await directoryFromDatabase(ctx, { stages: ['produccion'], refreshMs })
      : await sandboxDirectory(ctx, { refreshMs })
    directories.push(directory)
    return directory
  }

  it('serves production connections as the federation EnteConnection, credentials opened on access', async () => {
    const directory = await open('production')
    expect(directory.list('s2').map(e => e.clave)).toEqual(['DIRECTUS', 'SEFIN'])
    expect(directory.list('s3s')).toEqual([])
    const entry = directory.get('s2', 'SEFIN')
    expect(entry).toMatchObject({ clave: 'SEFIN', nombre: 'Ente SEFIN', siglas: 'SEFIN', system: 's2', stage: 'produccion' })
    const connection = JSON.parse(JSON.stringify(entry?.connection))
    expect(enteConnectionValidator()(connection)).toBe(true)
    expect(connection).toEqual({
      protocol: 'sesna-v1',
      baseUrl: 'https://api.sefin.gob.mx',
      tokenUrl: 'https://api.sefin.gob.mx/oauth/token',
      maxConnections: 16,
      timeouts: { connectMs: 1000, headersMs: 2000, bodyMs: 3000 },
      auth: { kind: 'oauth2-password', clientId: 'see-SEFIN', clientSecret: SECRETS.clientSecret, username: 'see', password: SECRETS.password, scope: 'read' }
    })
    // Secrets are getters that open the sealed value on each read; kind and scope are plain data.
    const auth = entry!.connection.auth
    for (const field of ['clientId', 'clientSecret', 'username', 'password'] as const) {
      expect(typeof Object.getOwnPropertyDescriptor(auth, field)?.get).toBe('function')
    }
    expect(Object.getOwnPropertyDescriptor(auth, 'kind')?.value).toBe('oauth2-password')
    expect(directory.get('s2', 'IEPC')).toBeUndefined()
    // A directus-v2 connection is served too: the services speak both provider generations.
    expect(directory.get('s2', 'DIRECTUS')?.connection.protocol).toBe('directus-v2')
  })

  it('serves connections in testing only from the sandbox directory', async () => {
    const sandbox = await open('sandbox')
    expect(sandbox.list('s2').map(e => [e.clave, e.stage])).toEqual([['IEPC', 'pruebas']])
  })

  it('sees a stage change after refresh(), without reopening', async () => {
    const directory = await open('production')
    const sandbox = await open('sandbox')
    await recordTestReport(ctx, system, 'IEPC', 's2', { passed: true, checks: [] })
    await changeStage(ctx, operator, 'IEPC', 's2', { stage: 'aprobada' })
    await changeStage(ctx, operator, 'IEPC', 's2', { stage: 'produccion' })
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'suspendida', observations: 'Respuestas fuera del estándar' })
    expect(directory.list('s2').map(e => e.clave)).toEqual(['DIRECTUS', 'SEFIN'])
    await Promise.all([directory.refresh(), sandbox.refresh()])
    expect(directory.list('s2').map(e => e.clave)).toEqual(['DIRECTUS', 'IEPC'])
    expect(sandbox.list('s2')).toEqual([])
  })

  it('picks changes up by itself when polling', async () => {
    const directory = await open('production', 50)
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'mantenimiento' })
    await changeStage(ctx, operator, 'SEFIN', 's2', { stage: 'produccion' })
    await vi.waitFor(() => { expect(directory.get('s2', 'SEFIN')).toBeDefined() }, { timeout: 10_000, interval: 50 })
  })

  it('leaves out a connection whose credentials do not open, and says so in the log', async () => {
    await t.db.pool.query(
      "UPDATE connections SET credentials = (SELECT credentials FROM connections WHERE ente_clave = 'SEFIN' AND system = 's2') WHERE ente_clave = 'IEPC' AND system = 's2'")
    const errors: unknown[] = []
    const logger = { info: () => {}, warn: () => {}, error: (obj: object) => { errors.push(obj) } }
    const directory = await directoryFromDatabase(ctx, { stages: ['produccion'], refreshMs: 0, logger })
    expect(directory.list('s2').map(e => e.clave)).toEqual(['DIRECTUS', 'SEFIN'])
    expect(errors).toEqual([{ ente: 'IEPC', system: 's2', code: 'REGISTRY_CREDENTIALS' }])
  })
})
