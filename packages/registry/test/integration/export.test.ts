import { Ajv } from 'ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabaseKinds } from '@see/db/testing'
import { REGISTRY_SCHEMA_ID, registryDocument, ref, schemaBundle } from '@see/openapi'
import { changeStage, createEnte, pdnProviders, registryCoverage, type RegistryContext } from '../../src/index.js'
import { connectionInput, enteAtStage, enteInput, openRegistryTest, operator, SECRETS, type RegistryTest } from '../support/registry.js'

const kinds = await testDatabaseKinds('registry/export.test.ts')

function validatorOf (name: string): (data: unknown) => boolean {
  const ajv = new Ajv({ allErrors: true, keywords: ['components', 'example'], validateFormats: false })
  ajv.addSchema(schemaBundle(REGISTRY_SCHEMA_ID, registryDocument))
  return ajv.compile(ref(REGISTRY_SCHEMA_ID, name))
}

describe.each(kinds)('exports on %s', (kind) => {
  let t: RegistryTest
  let ctx: RegistryContext
  beforeAll(async () => {
    t = await openRegistryTest(kind)
    ctx = t.ctx
    await enteAtStage(ctx, 'SEFIN', 'produccion')
    await enteAtStage(ctx, 'CONGRESO', 'produccion', connectionInput('CONGRESO', {
      tokenUrl: undefined, dependenciasUrl: 'https://api.congreso.gob.mx/catalogo', auth: { kind: 'oauth2-client-credentials', clientId: 'see', clientSecret: SECRETS.clientSecret }
    }))
    await changeStage(ctx, operator, 'CONGRESO', 's2', { stage: 'mantenimiento' })
    await enteAtStage(ctx, 'IEPC', 'pruebas')
    await createEnte(ctx, operator, { ...enteInput('TUXTLA'), orden: 'municipal', poder: 'ayuntamiento', municipio: 'Tuxtla Gutiérrez' })
  })
  afterAll(async () => { await t.close() })

  it('lists production and maintenance providers in the PDN format, without credentials', async () => {
    const providers = await pdnProviders(ctx, operator)
    const valid = validatorOf('PdnProvider')
    for (const provider of providers) expect(valid(provider)).toBe(true)
    expect(providers).toEqual([
      {
        supplier_id: 'CONGRESO',
        supplier_name: 'Ente CONGRESO',
        system_id: 'S2',
        type: 'REST',
        levels: ['estatal'],
        url: 'https://api.congreso.gob.mx/v1/spic',
        entities_url: 'https://api.congreso.gob.mx/catalogo',
        token_url: 'https://api.congreso.gob.mx/oauth/token',
        status: 'MANTENIMIENTO'
      },
      {
        supplier_id: 'SEFIN',
        supplier_name: 'Ente SEFIN',
        system_id: 'S2',
        type: 'REST',
        levels: ['estatal'],
        url: 'https://api.sefin.gob.mx/v1/spic',
        entities_url: 'https://api.sefin.gob.mx/v1/spic/dependencias',
        token_url: 'https://api.sefin.gob.mx/oauth/token',
        scope: 'read',
        status: 'ACTIVE'
      }
    ])
    expect(JSON.stringify(providers)).not.toContain(SECRETS.clientSecret)
  })

  it('adds the credentials only when asked explicitly', async () => {
    const [congreso, sefin] = await pdnProviders(ctx, operator, { includeSecrets: true })
    expect(congreso).toMatchObject({ client_id: 'see', client_secret: SECRETS.clientSecret })
    expect(sefin).toMatchObject({ username: 'see', password: SECRETS.password, client_id: 'see-SEFIN', client_secret: SECRETS.clientSecret })
    expect(await pdnProviders(ctx, operator, { stages: ['pruebas'] })).toMatchObject([{ supplier_id: 'IEPC' }])
  })

  it('shows per system which entes are connected and in which stage', async () => {
    const coverage = await registryCoverage(ctx)
    expect(validatorOf('RegistryCoverage')(coverage)).toBe(true)
    expect(coverage.entes).toBe(4)
    const s2 = coverage.systems.find(s => s.system === 's2')
    expect(s2?.byStage).toEqual({ produccion: 1, mantenimiento: 1, pruebas: 1 })
    expect(s2?.entes.map(e => [e.clave, e.stage])).toEqual([['CONGRESO', 'mantenimiento'], ['IEPC', 'pruebas'], ['SEFIN', 'produccion'], ['TUXTLA', null]])
    const s6 = coverage.systems.find(s => s.system === 's6')
    expect(s6?.byStage).toEqual({})
    expect(s6?.entes.every(e => e.stage === null)).toBe(true)
    expect(coverage.systems.map(s => s.system)).toEqual(['s1', 's2', 's3s', 's3p', 's4', 's5', 's6'])
  })
})
