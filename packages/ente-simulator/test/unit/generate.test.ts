import { describe, expect, it } from 'vitest'
import { officialS2, schemaErrors } from '../../../../test/support/official-specs.js'
import { dependenciasOf, enteProfile, generateRecords, SimulatorConfigError } from '../../src/index.js'

const official = officialS2()
const instituciones = enteProfile(1).instituciones

describe('generateRecords', () => {
  it('gives the same records for the same seed and different ones for another seed', () => {
    const a = generateRecords({ seed: 7, size: 300, instituciones })
    expect(generateRecords({ seed: 7, size: 300, instituciones })).toEqual(a)
    expect(generateRecords({ seed: 8, size: 300, instituciones })).not.toEqual(a)
  })

  it('produces records that validate against the official respSpic schema', () => {
    const records = generateRecords({ seed: 3, size: 2000, instituciones })
    expect(schemaErrors(official('respSpic'), records)).toEqual([])
  })

  it('uses unique zero-padded ids in ascending order', () => {
    const records = generateRecords({ seed: 3, size: 1500, instituciones })
    const ids = records.map(record => record.id)
    expect(new Set(ids).size).toBe(1500)
    expect(ids[0]).toBe('000001')
    expect(ids.at(-1)).toBe('001500')
    expect([...ids].sort()).toEqual(ids)
  })

  it('looks like Mexican data: accents, ñ, CURP and RFC shapes, institutions of the provider', () => {
    const records = generateRecords({ seed: 11, size: 2000, instituciones })
    const names = records.map(r => `${r.nombres} ${r.primerApellido} ${r.segundoApellido ?? ''}`).join(' ')
    expect(names).toMatch(/ñ/)
    expect(names).toMatch(/[áéíóú]/)
    for (const record of records) {
      expect(record.curp).toMatch(/^[A-Z]{4}\d{6}[HMX]CS[A-Z]{3}[0-9A-Z]\d$/)
      expect(record.rfc).toMatch(/^[A-Z]{4}\d{6}[A-Z0-9]{3}$/)
      expect(record.curp?.slice(0, 10)).toBe(record.rfc?.slice(0, 10))
      expect(instituciones).toContainEqual(record.institucionDependencia)
      expect(Number.isNaN(Date.parse(record.fechaCaptura))).toBe(false)
    }
    expect(new Set(records.map(r => r.institucionDependencia.nombre)).size).toBe(instituciones.length)
  })

  it('plants extra records after the generated ones, with generated fields filled in', () => {
    const records = generateRecords({
      seed: 1,
      size: 5,
      instituciones,
      extraRecords: [{ nombres: 'José', primerApellido: 'Núñez' }, { id: 'X-1', nombres: 'Jose', primerApellido: 'Nunez' }]
    })
    expect(records.map(r => r.id)).toEqual(['000001', '000002', '000003', '000004', '000005', '000006', 'X-1'])
    const jose = records.find(r => r.id === '000006')
    expect(jose).toMatchObject({ nombres: 'José', primerApellido: 'Núñez', institucionDependencia: instituciones[0] })
    expect(jose?.curp).toMatch(/^NU[A-Z]J/)
    expect(schemaErrors(official('respSpic'), records)).toEqual([])
  })

  it('refuses duplicate ids', () => {
    expect(() => generateRecords({ seed: 1, size: 3, instituciones, extraRecords: [{ id: '000002' }] })).toThrow(SimulatorConfigError)
  })
})

describe('dependenciasOf', () => {
  it('lists each institution present once, in Spanish order, valid against the official schema', () => {
    const records = generateRecords({ seed: 2, size: 500, instituciones })
    const dependencias = dependenciasOf(records)
    expect(dependencias).toHaveLength(instituciones.length)
    expect(schemaErrors(official('dependencias'), dependencias)).toEqual([])
    const nombres = dependencias.map(d => d.nombre ?? '')
    expect(nombres).toEqual([...nombres].sort((a, b) => a.localeCompare(b, 'es')))
  })
})
