import { describe, expect, it } from 'vitest'
import type { PsancionadosRecord, SsancionadosRecord } from '@see/openapi/types'
import { officialS3P, officialS3S, schemaErrors } from '../../../../test/support/official-specs.js'
import { enteProfile, generateParticulares, generateSancionados, SimulatorConfigError } from '../../src/index.js'

const s3s = officialS3S()
const s3p = officialS3P()
const instituciones = enteProfile(1).instituciones
const SIZE = 3000
const sancionados = generateSancionados({ seed: 5, size: SIZE, instituciones })
const particulares = generateParticulares({ seed: 5, size: SIZE, instituciones })

const claves = (record: { tipoSancion: Array<{ clave?: string }> }): string[] => record.tipoSancion.map(tipo => tipo.clave ?? '')

describe('generated S3S and S3P records', () => {
  it('are the same for the same seed and differ for another seed', () => {
    expect(generateSancionados({ seed: 5, size: 200, instituciones })).toEqual(sancionados.slice(0, 200))
    expect(generateParticulares({ seed: 5, size: 200, instituciones })).toEqual(particulares.slice(0, 200))
    expect(generateSancionados({ seed: 6, size: 200, instituciones })).not.toEqual(sancionados.slice(0, 200))
    expect(generateParticulares({ seed: 6, size: 200, instituciones })).not.toEqual(particulares.slice(0, 200))
  })

  it('validate against the official 1.1.0 result schemas, a few thousand of each', () => {
    expect(schemaErrors(s3s('records'), sancionados)).toEqual([])
    expect(schemaErrors(s3p('records'), particulares)).toEqual([])
  })

  it('are made fast: ten thousand records well within seconds, even on a busy machine', () => {
    // About 15 µs a record when this was written; the bound only catches a pathological slowdown.
    const started = performance.now()
    generateSancionados({ seed: 9, size: 5000, instituciones })
    generateParticulares({ seed: 9, size: 5000, instituciones })
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('use unique zero-padded ids in ascending order and the provider’s institutions', () => {
    for (const records of [sancionados, particulares]) {
      const ids = records.map(record => record.id)
      expect(ids[0]).toBe('000001')
      expect(ids.at(-1)).toBe(String(SIZE).padStart(6, '0'))
      expect(new Set(ids).size).toBe(SIZE)
      for (const record of records) expect(instituciones).toContainEqual(record.institucionDependencia)
      expect(new Set(records.map(record => record.institucionDependencia.nombre)).size).toBe(instituciones.length)
    }
  })

  it('cover every sanction of each catalogue, one or two distinct per record', () => {
    expect(new Set(sancionados.flatMap(claves))).toEqual(new Set(['I', 'M', 'S', 'D', 'IRSC', 'SE', 'O']))
    expect(new Set(particulares.flatMap(claves))).toEqual(new Set(['I', 'M', 'S', 'D', 'A', 'IND', 'SE', 'O']))
    for (const record of [...sancionados, ...particulares]) {
      expect(record.tipoSancion.length).toBeGreaterThanOrEqual(1)
      expect(record.tipoSancion.length).toBeLessThanOrEqual(2)
      expect(new Set(claves(record)).size).toBe(record.tipoSancion.length)
    }
    expect(new Set(sancionados.map(record => record.tipoFalta.clave)).size).toBe(26)
  })

  it('carry a fine exactly when one was imposed and a disqualification exactly when one was', () => {
    const check = (record: SsancionadosRecord | PsancionadosRecord): void => {
      const imposed = claves(record)
      expect(record.multa !== undefined).toBe(imposed.includes('M') || imposed.includes('SE'))
      expect(record.inhabilitacion !== undefined).toBe(imposed.includes('I'))
      if (record.multa !== undefined) expect(record.multa).toMatchObject({ monto: expect.any(Number), moneda: { clave: 'MXN' } })
      const { fechaInicial, fechaFinal } = record.inhabilitacion ?? {}
      if (fechaInicial !== undefined) expect(fechaFinal! > fechaInicial).toBe(true)
    }
    sancionados.forEach(check)
    particulares.forEach(check)
  })

  it('date resolutions before their capture and give each an expediente of its institution', () => {
    for (const record of sancionados) {
      expect(record.resolucion!.fechaResolucion < record.fechaCaptura).toBe(true)
      expect(record.expediente).toMatch(new RegExp(`^${record.institucionDependencia.siglas}/OIC/PRA/\\d{3}/\\d{4}$`))
    }
    for (const record of particulares) expect(record.expediente).toMatch(/^[A-Z-]+\/AI\/INV\/\d{3}\/\d{4}$/)
  })

  it('give S3S servants a CURP and RFC built from their names, and a court for faltas graves', () => {
    const names = sancionados.map(r => `${r.servidorPublicoSancionado.nombres} ${r.servidorPublicoSancionado.primerApellido}`).join(' ')
    expect(names).toMatch(/ñ/)
    expect(names).toMatch(/[áéíóú]/)
    for (const { servidorPublicoSancionado: servidor, tipoFalta, autoridadSancionadora } of sancionados) {
      expect(servidor.curp).toMatch(/^[A-Z]{4}\d{6}[HMX]CS[A-Z]{3}[0-9A-Z]\d$/)
      expect(servidor.rfc).toMatch(/^[A-Z]{4}\d{6}[A-Z0-9]{3}$/)
      expect(servidor.curp?.slice(0, 10)).toBe(servidor.rfc?.slice(0, 10))
      if (tipoFalta.clave === 'PEC') expect(autoridadSancionadora).toBe('Tribunal de Justicia Administrativa del Estado de Chiapas')
      if (tipoFalta.clave === 'NAD') expect(autoridadSancionadora).toMatch(/^Órgano Interno de Control/)
    }
  })

  it('give S3P companies a 12-character RFC and people a 13-character one; only companies are dissolved or suspended', () => {
    const kinds = new Set(particulares.map(r => r.particularSancionado.tipoPersona))
    expect(kinds).toEqual(new Set(['F', 'M']))
    for (const { particularSancionado: particular, tipoSancion } of particulares) {
      if (particular.tipoPersona === 'M') {
        expect(particular.rfc).toMatch(/^[A-Z]{3}\d{6}[A-Z0-9]{3}$/)
        expect(particular.nombreRazonSocial).toMatch(/, (S\.A\. de C\.V\.|S\. de R\.L\. de C\.V\.|S\.A\.P\.I\. de C\.V\.|S\.C\.)$/)
      } else {
        expect(particular.rfc).toMatch(/^[A-Z]{4}\d{6}[A-Z0-9]{3}$/)
        expect(particular.objetoSocial).toBeUndefined()
        expect(tipoSancion.map(t => t.clave)).not.toContain('D')
        expect(tipoSancion.map(t => t.clave)).not.toContain('S')
      }
      expect(particular.domicilioMexico ?? particular.domicilioExtranjero).toBeDefined()
    }
  })

  it('plant extra records after the generated ones, nested names merged and feeding the RFC and CURP', () => {
    const records = generateSancionados({
      seed: 1,
      size: 3,
      instituciones,
      extraRecords: [{ servidorPublicoSancionado: { nombres: 'José', primerApellido: 'Núñez' } }, { id: 'X-1', expediente: 'EXP-1' }]
    })
    expect(records.map(r => r.id)).toEqual(['000001', '000002', '000003', '000004', 'X-1'])
    const jose = records[3]!
    expect(jose.servidorPublicoSancionado).toMatchObject({ nombres: 'José', primerApellido: 'Núñez', puesto: expect.any(String) })
    expect(jose.servidorPublicoSancionado.curp).toMatch(/^NU[A-Z]J/)
    expect(records[4]).toMatchObject({ expediente: 'EXP-1', institucionDependencia: instituciones[0] })
    expect(schemaErrors(s3s('records'), records)).toEqual([])

    const companies = generateParticulares({ seed: 1, size: 0, instituciones, extraRecords: [{ particularSancionado: { nombreRazonSocial: 'Patito Telecom, S.A. de C.V.', tipoPersona: 'M' } }] })
    expect(companies[0]!.particularSancionado).toMatchObject({ nombreRazonSocial: 'Patito Telecom, S.A. de C.V.', tipoPersona: 'M', rfc: expect.stringMatching(/^PTE\d{6}[A-Z0-9]{3}$/) })
    expect(schemaErrors(s3p('records'), companies)).toEqual([])
  })

  it('refuse duplicate ids and an empty list of institutions', () => {
    expect(() => generateSancionados({ seed: 1, size: 2, instituciones, extraRecords: [{ id: '000001' }] })).toThrow(SimulatorConfigError)
    expect(() => generateParticulares({ seed: 1, size: 2, instituciones: [] })).toThrow(SimulatorConfigError)
  })
})
