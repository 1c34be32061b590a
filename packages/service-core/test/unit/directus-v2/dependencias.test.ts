import { describe, expect, it } from 'vitest'
import { systemById } from '@see/systems'
import { planDirectusDependencias, runDirectusDependencias } from '../../../src/protocols/directus-v2/index.js'
import { S2_MAPPING, S3S_MAPPING } from '@see/systems'
import { inProcess, s2Collections, uuidOf } from './support.js'

describe('dependencias of a directus-v2 provider', () => {
  it('asks every collection only for the institution fields, paged by id', () => {
    const plan = planDirectusDependencias(systemById('s3s'), S3S_MAPPING)
    expect(plan.requests.map(request => [request.collection, request.params])).toEqual([
      ['faltas_administrativas_graves', { fields: 'id,empleoCargoComision.nombreEntePublico,empleoCargoComision.siglasEntePublico', sort: 'id', limit: '1000', meta: 'filter_count' }],
      ['faltas_administrativas_no_graves', { fields: 'id,empleoCargoComision.nombreEntePublico,empleoCargoComision.siglasEntePublico', sort: 'id', limit: '1000', meta: 'filter_count' }]
    ])
  })

  it('lists the distinct institutions of the records, in Spanish order, over several rounds', async () => {
    const item = (prefix: number, index: number, nombre: string | null, siglas?: string): Record<string, unknown> =>
      ({ id: uuidOf(prefix, index), empleoCargoComision: { nombreEntePublico: nombre, siglasEntePublico: siglas ?? null } })
    const fetch = inProcess({
      faltas_administrativas_graves: [item(31, 0, 'Secretaría de Salud', 'SSA'), item(31, 1, 'Ñuu Savi'), item(31, 2, null), item(31, 3, 'Secretaría de Salud', 'SSA')],
      faltas_administrativas_no_graves: [item(32, 0, 'Nuevo Ente'), item(32, 1, 'Secretaría de Salud', 'SSA')]
    })
    const found = await runDirectusDependencias(systemById('s3s'), S3S_MAPPING, fetch, { chunkSize: 1 })
    expect(found).toEqual({ dependencias: [{ nombre: 'Nuevo Ente' }, { nombre: 'Ñuu Savi' }, { nombre: 'Secretaría de Salud', siglas: 'SSA' }] })
  })

  it('matches the institutions of generated S2 data', async () => {
    const collections = s2Collections(S2_MAPPING, 3, 60)
    const found = await runDirectusDependencias(systemById('s2'), S2_MAPPING, inProcess(collections), { chunkSize: 25 })
    expect('dependencias' in found && found.dependencias.map(entry => entry.nombre)).toEqual([
      'Ayuntamiento de Tuxtla Gutiérrez', 'Procuraduría Fiscal del Estado de Chiapas', 'Secretaría de Hacienda del Estado de Chiapas'
    ])
  })

  it('declines a provider larger than maxRows', async () => {
    const found = await runDirectusDependencias(systemById('s2'), S2_MAPPING, inProcess(s2Collections(S2_MAPPING, 3, 30)), { maxRows: 29 })
    expect(found).toEqual({ unsupported: expect.stringContaining('30 registros') })
  })
})
