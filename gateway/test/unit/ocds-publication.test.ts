import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, KeyRing } from '@see/auth'
import { memoryAuthStore } from '@see/auth/testing'
import { directoryFromEntes } from '@see/registry'
import { compileRelease, profiles, type MergeableRelease } from '@see/systems'
import { buildGateway } from '../../src/app.js'
import { apiAudience } from '../../src/auth-settings.js'
import { loadGatewayConfig } from '../../src/config.js'
import { memoryService } from '../support/memory-service.js'

// OCDS publishing's configuration: the package metadata and the state's ocid prefix (OCDS_*), the
// packages' URIs and links under the gateway's public URL, over an in-memory S6 service.

const S6 = profiles.s6
const PUBLIC_URL = 'https://see.chiapas.example'
const PREFIX = 'ocds-abc123'
const publication = {
  ocidPrefix: PREFIX,
  publisher: { name: 'Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas', uri: 'https://saech.example' },
  license: 'https://creativecommons.org/licenses/by/4.0/',
  publicationPolicy: 'https://see.chiapas.example/politica'
}

const release = (ocid: string, n: number, date: string, fields: Record<string, unknown>): MergeableRelease & { id: string } =>
  ({ ocid, id: `${ocid}-0${n}`, date, tag: ['tender'], initiationType: 'tender', ...fields })
const A = `${PREFIX}-0001`
const data = {
  ENTE: [
    release(A, 1, '2024-01-10T10:00:00Z', { tender: { id: 't', title: 'Compra de papel', status: 'planning' } }),
    release(A, 2, '2024-02-10T10:00:00Z', { tender: { id: 't', status: 'active' }, awards: [{ id: 'a1', status: 'pending' }] }),
    release(A, 3, '2024-03-10T10:00:00Z', { awards: [{ id: 'a1', status: 'active' }, { id: 'a2', status: 'pending' }] }),
    release('ocds-zzz999-0001', 1, '2024-01-05T10:00:00Z', { tender: { id: 't', title: 'Otro prefijo' } })
  ]
}

type Data = Record<string, Array<MergeableRelease & { id: string }>>

/** A gateway over an in-memory S6 service holding `data` per ente, and a PDN token for it. */
async function gatewayOver (entes: Data): Promise<{ app: FastifyInstance, auth: Record<string, string> }> {
  const store = memoryAuthStore()
  const connection = { protocol: 'sesna-v1' as const, baseUrl: 'https://ente.example', auth: { kind: 'none' as const }, maxConnections: 4 }
  const app = await buildGateway({
    directory: directoryFromEntes(Object.keys(entes).map(clave => ({ clave, nombre: `Ente ${clave}`, systems: { s6: connection } }))),
    systems: [{ system: S6, service: memoryService(S6, entes) }],
    logger: false,
    auth: { store, keys: await KeyRing.generate(), issuer: PUBLIC_URL, audience: apiAudience(PUBLIC_URL) },
    settings: { pageCache: false },
    ocds: { publication, publicUrl: PUBLIC_URL }
  })
  const { client, secret } = await createClient(store, { name: 'PDN', scopes: [S6.scope] })
  const token = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: secret } })
  return { app, auth: { authorization: `Bearer ${String(token.json().access_token)}` } }
}

describe('OCDS publishing: metadata, prefix and links from the configuration', () => {
  let app: FastifyInstance
  let auth: Record<string, string>

  beforeAll(async () => {
    ({ app, auth } = await gatewayOver(data))
  })
  afterAll(async () => await app?.close())

  it('validates OCDS_OCID_PREFIX and the metadata URLs, with defaults for what is left out', () => {
    const base = { ENTES_FILE: 'entes.json' }
    expect(loadGatewayConfig({ ...base, OCDS_OCID_PREFIX: PREFIX }).OCDS_OCID_PREFIX).toBe(PREFIX)
    expect(loadGatewayConfig(base).OCDS_LICENSE).toMatch(/^https:\/\/creativecommons/)
    for (const [name, value] of [['OCDS_OCID_PREFIX', 'ocds-abc'], ['OCDS_OCID_PREFIX', 'abc123'], ['OCDS_LICENSE', 'cc-by'], ['OCDS_PUBLISHER_URI', 'saech.example']] as const) {
      expect(() => loadGatewayConfig({ ...base, [name]: value }), `${name}=${value}`).toThrow(name)
    }
  })

  it('gives a record package with the configured metadata, URIs under the public URL and the compiled release', async () => {
    const answer = await app.inject({ method: 'GET', url: `${S6.paths.search}/registros/${A}`, headers: auth })
    expect(answer.statusCode).toBe(200)
    const body = answer.json()
    const { ocidPrefix: _prefix, ...metadata } = publication
    expect(body).toMatchObject({ uri: `${PUBLIC_URL}${S6.paths.search}/registros/${A}`, version: '1.1', publishedDate: '2024-03-10T10:00:00Z', ...metadata, packages: [`${PUBLIC_URL}${S6.paths.search}/entregas/${A}`] })
    expect(body.ocidPrefix).toBeUndefined()
    const releases = data.ENTE.slice(0, 3).map(r => ({ ...r, id: `ENTE:${r.id}` }))
    expect(body.records).toEqual([{ ocid: A, releases, compiledRelease: compileRelease(releases) }])
    expect(body.records[0].compiledRelease.awards).toEqual([{ id: 'a1', status: 'active' }, { id: 'a2', status: 'pending' }])
  })

  it('publishes by ocid only the processes under the state\'s prefix', async () => {
    const answer = await app.inject({ method: 'GET', url: `${S6.paths.search}/entregas/ocds-zzz999-0001`, headers: auth })
    expect(answer.statusCode).toBe(404)
    expect(answer.json()).toEqual({ code: 'SEE_OCID_FUERA_DE_PREFIJO', message: expect.stringContaining(PREFIX) })
  })

  // The in-memory service pages and sorts but does not filter: `since` is only carried along here (the integration test filters).
  it('links release-package pages in date order under the public URL, keeping the filters', async () => {
    const first = await app.inject({ method: 'GET', url: `${S6.paths.search}/entregas?pageSize=2&since=2024-01-01`, headers: auth })
    expect(first.statusCode).toBe(200)
    expect(first.json().releases.map((r: { id: string }) => r.id)).toEqual(['ENTE:ocds-zzz999-0001-01', `ENTE:${A}-01`])
    expect(first.json().links).toEqual({ next: `${PUBLIC_URL}${S6.paths.search}/entregas?page=2&pageSize=2&since=2024-01-01` })
    const second = await app.inject({ method: 'GET', url: `${S6.paths.search}/entregas?page=2&pageSize=2&since=2024-01-01`, headers: auth })
    expect(second.json().releases.map((r: { id: string }) => r.id)).toEqual([`ENTE:${A}-02`, `ENTE:${A}-03`])
    expect(second.json().links).toEqual({ prev: `${PUBLIC_URL}${S6.paths.search}/entregas?page=1&pageSize=2&since=2024-01-01` })
    expect((await app.inject({ method: 'GET', url: `${S6.paths.search}/entregas?pageSize=0`, headers: auth })).statusCode).toBeGreaterThanOrEqual(400)
  })
})

describe('OCDS publishing by ocid: one ente\'s process, read whole or refused', () => {
  const B = `${PREFIX}-0002`
  const C = `${PREFIX}-0003`
  const gateways: FastifyInstance[] = []
  const over = async (entes: Data): Promise<(url: string) => Promise<LightMyRequestResponse>> => {
    const { app, auth } = await gatewayOver(entes)
    gateways.push(app)
    return async url => await app.inject({ method: 'GET', url, headers: auth })
  }
  afterAll(async () => { for (const app of gateways) await app.close() })

  it('refuses an ocid that two entes publish (409), rather than mixing their releases into one record', async () => {
    const get = await over({
      ENTE: [release(B, 1, '2024-01-10T10:00:00Z', { tender: { id: 't', title: 'Del ente' } })],
      OTRO: [release(B, 2, '2024-02-10T10:00:00Z', { tender: { id: 't', title: 'De otro ente, con el mismo ocid' } })]
    })
    for (const route of ['registros', 'entregas']) {
      const answer = await get(`${S6.paths.search}/${route}/${B}`)
      expect(answer.statusCode, route).toBe(409)
      expect(answer.json()).toEqual({ code: 'SEE_OCID_AMBIGUO', message: expect.stringContaining('ENTE, OTRO') })
    }
  })

  it('refuses (503), never answers short, an ocid hidden behind more matches than the read may go through', async () => {
    const get = await over({
      ENTE: [
        // Ocids that hold C inside and sort before it.
        ...Array.from({ length: 2_300 }, (_, i) => release(`a-${C}-${String(i).padStart(4, '0')}`, 1, '2024-01-01T10:00:00Z', {})),
        release(C, 1, '2024-01-11T10:00:00Z', { tender: { id: 't', title: 'Tras muchos parecidos' } })
      ]
    })
    const answer = await get(`${S6.paths.search}/registros/${C}`)
    expect(answer.statusCode).toBe(503)
    expect(answer.json()).toEqual({ code: 'SEE_OCID_DEMASIADO_AMPLIO', message: expect.stringContaining(C) })
  })
})
