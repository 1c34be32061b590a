import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemById } from '@see/systems'
import { directusErrorFor, runDirectusDependencias, runDirectusSearch, type DirectusFetch, type DirectusRequest } from '../../../service-core/src/protocols/directus-v2/index.js'
import { fromV1Record, S2_MAPPING, S3S_MAPPING } from '@see/systems'
import { referenceSearch, uuidOf } from '../../../service-core/test/unit/directus-v2/support.js'
import { generateRecords } from '../../src/data/generate.js'
import { collectionsFromPairs, registerDirectusRoutes } from '../../src/directus/index.js'

const TOKEN = 'token-del-rol-api-interconexion'
const records = generateRecords({ seed: 21, size: 120, instituciones: [{ nombre: 'Secretaría de Hacienda del Estado de Chiapas', siglas: 'SH', clave: 'SH-01' }, { nombre: 'Comité de Agua Potable', siglas: 'CAP', clave: 'CAP-01' }] })
const s2Items = collectionsFromPairs(records.map((record, index) => fromV1Record(S2_MAPPING, { ...record, id: uuidOf(2, index) })))
const s3sItems = {
  faltas_administrativas_graves: [{ id: uuidOf(31, 0), datosGenerales: { nombres: 'Inés' }, empleoCargoComision: { nombreEntePublico: 'Fiscalía General' }, tipoSancion: [{ clave: 'SUSPENSION' }] }],
  faltas_administrativas_no_graves: [{ id: uuidOf(32, 0), empleoCargoComision: { nombreEntePublico: 'Fiscalía General' }, tipoSancion: [{ clave: 'AMONESTACION' }] }]
}

let app: FastifyInstance
let base: string

beforeAll(async () => {
  app = Fastify()
  registerDirectusRoutes(app, { collections: { ...s2Items, ...s3sItems }, token: TOKEN })
  base = await app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(async () => { await app.close() })

function httpFetch (token: string | undefined): DirectusFetch {
  return async (request: DirectusRequest) => {
    const response = await fetch(`${base}${request.path}?${request.query}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
    const body: unknown = await response.json()
    if (!response.ok) throw directusErrorFor(response.status, body)
    return body
  }
}

describe('simulated Directus over HTTP', () => {
  it('answers {data, meta} to the static token of the role, in the header or as access_token', async () => {
    const url = `${base}/items/faltas_administrativas_graves?fields=*.*.*&meta=*&limit=5`
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toEqual({ data: s3sItems.faltas_administrativas_graves, meta: { total_count: 1, filter_count: 1 } })
    expect((await fetch(`${url}&access_token=${TOKEN}`)).status).toBe(200)
  })

  it('refuses like Directus: no token 403 FORBIDDEN, a wrong one 401 INVALID_CREDENTIALS, an unknown collection 403, a bad query 400', async () => {
    const cases: Array<[string, string | undefined, number, string]> = [
      ['/items/faltas_administrativas_graves', undefined, 403, 'FORBIDDEN'],
      ['/items/faltas_administrativas_graves', 'otro-token', 401, 'INVALID_CREDENTIALS'],
      ['/items/directus_users', TOKEN, 403, 'FORBIDDEN'],
      ['/items/faltas_administrativas_graves?filter=%7Bnope', TOKEN, 400, 'INVALID_QUERY'],
      ['/items/faltas_administrativas_graves?filter=%7B%22id%22%3A%7B%22_regex%22%3A%22.%22%7D%7D', TOKEN, 400, 'INVALID_QUERY']
    ]
    for (const [path, token, status, code] of cases) {
      const response = await fetch(`${base}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(status)
      expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] })
    }
  })

  it('serves generated S2 data to a directus-v2 search exactly as the reference semantics answer on its v1 view', async () => {
    const s2 = systemById('s2')
    const searches = [
      { page: 2, pageSize: 4, query: { nombres: 'jose' } },
      { page: 1, pageSize: 10, sort: { primerApellido: 'desc' as const, nombres: 'asc' as const }, query: { institucionDependencia: 'comité' } },
      { page: 3, pageSize: 5, query: { tipoProcedimiento: [2, 3] } },
      { page: 1, pageSize: 20, query: { segundoApellido: 'gutiérrez', nombres: 'a' } }
    ]
    for (const search of searches) {
      expect(await runDirectusSearch(s2, S2_MAPPING, search, httpFetch(TOKEN), { chunkSize: 30 })).toEqual(referenceSearch(s2, S2_MAPPING, s2Items, search))
    }
    const dependencias = await runDirectusDependencias(s2, S2_MAPPING, httpFetch(TOKEN), { chunkSize: 50 })
    expect(dependencias).toEqual({ dependencias: [{ nombre: 'Comité de Agua Potable', siglas: 'CAP' }, { nombre: 'Secretaría de Hacienda del Estado de Chiapas', siglas: 'SH' }] })
  })

  it('lays S3S collections end to end over HTTP', async () => {
    const found = await runDirectusSearch(systemById('s3s'), S3S_MAPPING, { pageSize: 5, query: { institucionDependencia: 'fiscalia' } }, httpFetch(TOKEN))
    expect(found).toMatchObject({ totalRows: 2, results: [{ id: `g-${uuidOf(31, 0)}` }, { id: `ng-${uuidOf(32, 0)}` }] })
  })

  it('turns a refused token into ENTE_AUTH_FAILED for the service', async () => {
    await expect(runDirectusSearch(systemById('s2'), S2_MAPPING, {}, httpFetch('otro-token'))).rejects.toMatchObject({ code: 'ENTE_AUTH_FAILED', status: 401 })
  })
})
