import { describe, expect, it } from 'vitest'
import { generateRecords } from '../../../../ente-simulator/src/data/generate.js'
import { fromV1Record, S2_MAPPING, S3P_MAPPING, S3S_MAPPING, toV1Record } from '@see/systems'
import { uuidOf } from './support.js'

const S2_COLLECTION = 'servidores_intervengan_procedimientos_contrataciones'

const servidor = {
  id: uuidOf(2, 1),
  fecha: '2024-03-05',
  ejercicio: 2023,
  datosGenerales: { nombre: 'José', primerApellido: 'Núñez', segundoApellido: 'Peña', curp: 'NUPJ800101HCSXXX09', rfc: 'NUPJ800101AB1', sexo: 'HOMBRE' },
  empleoCargoComision: { nombreEntePublico: 'Secretaría de Hacienda', siglasEntePublico: 'SH', denominacion: 'Director', nivelJerarquico: { clave: 'DG_HOMOLOGO', valor: 'DG' } },
  tipoProcedimiento: 'OTORGAMIENTO_CONCECIONES',
  tipoContratacion: [
    { contratacionAdquisicion: { tipoArea: ['AREA_TECNICA', 'INTEGRANTE_COMITE'] }, contratacionObra: null },
    { contratacionAdquisicion: null, contratacionObra: { tipoArea: ['AREA_EJECUCION', 'AREA_TECNICA'] } }
  ],
  Observaciones: 'Sin observaciones',
  user_created: 'f0f0f0f0-0000-4000-8000-000000000000'
}

describe('S2 items as v1 records', () => {
  it('maps what the Api-Interconexion role reads, and never the CURP or RFC', () => {
    expect(toV1Record(S2_MAPPING, S2_COLLECTION, servidor)).toEqual({
      id: uuidOf(2, 1),
      fechaCaptura: '2024-03-05T00:00:00Z',
      ejercicioFiscal: '2023',
      nombres: 'José',
      primerApellido: 'Núñez',
      segundoApellido: 'Peña',
      genero: { clave: 'M', valor: 'MASCULINO' },
      institucionDependencia: { nombre: 'Secretaría de Hacienda', siglas: 'SH' },
      puesto: { nombre: 'Director' },
      tipoProcedimiento: [{ clave: 2, valor: 'CONCESIONES, LICENCIAS, PERMISOS, AUTORIZACIONES Y PRÓRROGAS' }],
      tipoArea: [{ clave: 'T', valor: 'TÉCNICA' }, { clave: 'O', valor: 'OTRA' }, { clave: 'RE', valor: 'RESPONSABLE DE LA EJECUCIÓN DE LOS TRABAJOS' }],
      observaciones: 'Sin observaciones'
    })
  })

  it('fills the strings the v1 schema requires with "" and drops unknown codes', () => {
    expect(toV1Record(S2_MAPPING, S2_COLLECTION, { id: uuidOf(2, 2), tipoProcedimiento: 'NUEVO', datosGenerales: null })).toEqual({
      id: uuidOf(2, 2),
      nombres: '',
      primerApellido: '',
      institucionDependencia: { nombre: '' },
      puesto: { nombre: '' },
      tipoProcedimiento: [],
      tipoArea: []
    })
  })

  it('gives an item without a primary key the empty id the service rejects', () => {
    expect(toV1Record(S2_MAPPING, S2_COLLECTION, { datosGenerales: { nombre: 'Ana' } }).id).toBe('')
  })

  it('serves generated v1 records back as their public view, stable on a second round trip', () => {
    const records = generateRecords({ seed: 11, size: 40, instituciones: [{ nombre: 'Secretaría de Salud', siglas: 'SSA', clave: 'SSA-01' }] })
    for (const [index, record] of records.entries()) {
      const original = { ...record, id: uuidOf(2, index) }
      const { collection, item } = fromV1Record(S2_MAPPING, original)
      expect(collection).toBe(S2_COLLECTION)
      const view = toV1Record(S2_MAPPING, collection, item)
      expect(view).toMatchObject({
        id: original.id,
        nombres: original.nombres,
        primerApellido: original.primerApellido,
        institucionDependencia: { nombre: original.institucionDependencia.nombre, siglas: original.institucionDependencia.siglas },
        puesto: { nombre: original.puesto.nombre },
        fechaCaptura: `${original.fechaCaptura.slice(0, 10)}T00:00:00Z`
      })
      expect(view.segundoApellido).toBe(original.segundoApellido)
      // v2 holds one procedure per record, and has no «OTRO» (5).
      expect(view.tipoProcedimiento).toEqual(original.tipoProcedimiento.filter(entry => entry.clave !== 5).slice(0, 1))
      expect(new Set((view.tipoArea as Array<{ clave: string }>).map(entry => entry.clave))).toEqual(new Set((original.tipoArea ?? []).map(entry => entry.clave)))
      expect(view).not.toHaveProperty('curp')
      expect(view).not.toHaveProperty('rfc')
      const again = fromV1Record(S2_MAPPING, view)
      expect(toV1Record(S2_MAPPING, again.collection, again.item)).toEqual(view)
    }
  })
})

const falta = {
  id: uuidOf(31, 7),
  date_created: '2023-05-01T10:00:00.000Z',
  date_updated: '2024-01-02T03:04:05',
  expediente: 'EXP-1/2023',
  datosGenerales: { nombres: 'Inés', primerApellido: 'Gómez', segundoApellido: null, curp: 'X', rfc: 'Y', sexo: 'MUJER' },
  empleoCargoComision: { nombreEntePublico: 'Fiscalía General', siglasEntePublico: 'FGE', denominacion: 'Jefa de Departamento', nivelJerarquico: { clave: 'JEFATURA_DEPTO_HOMOLOGO', valor: 'JD' } },
  faltaCometida: [{ clave: 'COHECHO', descripcionHechos: 'Pidió dinero.' }, { clave: 'PECULADO', descripcionHechos: 'Usó un vehículo oficial.' }],
  tipoSancion: [
    { clave: 'SANCION_ECONOMICA', sancionEconomica: { monto: 15000, moneda: 'MXN', plazoPago: null } },
    { clave: 'INHABILITACION', inhabilitacion: { fechaInicial: '2023-06-01', fechaFinal: '2026-06-01' } },
    { clave: 'INVENTADA' }
  ],
  resolucion: { autoridadResolutora: 'Tribunal de Justicia Administrativa', fechaResolucion: '2023-04-20', urlResolucion: 'https://x.gob.mx/r.pdf' },
  observaciones: 'no pública en graves'
}

describe('S3S items as v1 records', () => {
  it('maps a falta grave, tagging its id with the collection', () => {
    expect(toV1Record(S3S_MAPPING, 'faltas_administrativas_graves', falta)).toEqual({
      id: `g-${uuidOf(31, 7)}`,
      fechaCaptura: '2024-01-02T03:04:05Z',
      expediente: 'EXP-1/2023',
      institucionDependencia: { nombre: 'Fiscalía General', siglas: 'FGE' },
      servidorPublicoSancionado: { genero: { clave: 'F', valor: 'FEMENINO' }, nombres: 'Inés', primerApellido: 'Gómez', puesto: 'Jefa de Departamento', nivel: 'JEFATURA_DEPTO_HOMOLOGO' },
      autoridadSancionadora: 'Tribunal de Justicia Administrativa',
      causaMotivoHechos: 'Pidió dinero. Usó un vehículo oficial.',
      resolucion: { fechaResolucion: '2023-04-20', url: 'https://x.gob.mx/r.pdf' },
      inhabilitacion: { fechaInicial: '2023-06-01', fechaFinal: '2026-06-01' },
      tipoFalta: { clave: 'AG', valor: 'ADMINISTRATIVA GRAVE' },
      tipoSancion: [{ clave: 'SE', valor: 'SANCIÓN ECONÓMICA' }, { clave: 'I', valor: 'INHABILITADO' }],
      multa: { monto: 15000, moneda: { clave: 'MXN' } }
    })
  })

  it('maps a falta no grave without the names the role does not publish', () => {
    const record = toV1Record(S3S_MAPPING, 'faltas_administrativas_no_graves', { ...falta, tipoSancion: [{ clave: 'AMONESTACION' }], resolucion: { autoridadResolutora: 'OIC' } })
    expect(record.id).toBe(`ng-${uuidOf(31, 7)}`)
    expect(record.servidorPublicoSancionado).toEqual({ genero: { clave: 'F', valor: 'FEMENINO' }, nombres: '', primerApellido: '', puesto: '' })
    expect(record.tipoFalta).toEqual({ clave: 'ANG', valor: 'ADMINISTRATIVA NO GRAVE' })
    expect(record.tipoSancion).toEqual([{ clave: 'O', valor: 'OTRO', descripcion: 'AMONESTACIÓN PÚBLICA O PRIVADA' }])
    expect(record.observaciones).toBe('no pública en graves')
    expect(record).not.toHaveProperty('resolucion')
    expect(record).not.toHaveProperty('multa')
  })
})

describe('S3P items as v1 records', () => {
  const fisica = {
    id: uuidOf(41, 1),
    fecha: '2022-11-30',
    datosGenerales: { nombres: 'María José', primerApellido: 'Pérez', segundoApellido: '', rfc: 'no publico' },
    dondeCometioLaFalta: { nombreEntePublico: 'Ayuntamiento de Tapachula', siglasEntePublico: 'TAP' },
    tipoSancion: [{ clave: 'INDEMNIZACION' }],
    faltaCometida: [{ clave: 'SOBORNO', descripcionHechos: 'Ofreció dinero.' }],
    resolucion: { autoridadResolutora: 'TJA', fechaNotificacion: '2023-01-10' }
  }

  it('joins the names of a persona física and says F', () => {
    expect(toV1Record(S3P_MAPPING, 'faltas_graves_personas_fisicas', fisica)).toEqual({
      id: `pf-${uuidOf(41, 1)}`,
      fechaCaptura: '2022-11-30T00:00:00Z',
      institucionDependencia: { nombre: 'Ayuntamiento de Tapachula', siglas: 'TAP' },
      autoridadSancionadora: 'TJA',
      tipoFalta: 'SOBORNO',
      causaMotivoHechos: 'Ofreció dinero.',
      resolucion: { fechaNotificacion: '2023-01-10' },
      particularSancionado: { nombreRazonSocial: 'María José Pérez', tipoPersona: 'F' },
      tipoSancion: [{ clave: 'IND', valor: 'INDEMNIZACIÓN POR LOS DAÑOS Y PERJUICIOS OCASIONADOS A LA HACIENDA PÚBLICA FEDERAL, LOCAL O MUNICIPAL, O AL PATRIMONIO DE LOS ENTES PÚBLICOS.' }]
    })
  })

  it('publishes the RFC of a persona moral and says M', () => {
    const record = toV1Record(S3P_MAPPING, 'faltas_graves_personas_morales', { id: uuidOf(42, 1), datosGenerales: { nombreRazonSocial: 'Servicios Ñandú', rfc: 'SNA990101XY2', objetoSocial: 'Limpieza' }, tipoSancion: [{ clave: 'otro' }, { clave: 'OTRO' }] })
    expect(record.particularSancionado).toEqual({ nombreRazonSocial: 'Servicios Ñandú', rfc: 'SNA990101XY2', objetoSocial: 'Limpieza', tipoPersona: 'M' })
    expect(record.tipoSancion).toEqual([{ clave: 'O', valor: 'OTRO' }])
    expect(record.autoridadSancionadora).toBe('')
  })

  it('sends a v1 record to the collection its tipoPersona names', () => {
    const view = toV1Record(S3P_MAPPING, 'faltas_graves_personas_fisicas', fisica)
    const back = fromV1Record(S3P_MAPPING, view)
    expect(back.collection).toBe('faltas_graves_personas_fisicas')
    expect(back.item.id).toBe(uuidOf(41, 1))
    expect(toV1Record(S3P_MAPPING, back.collection, back.item)).toEqual({ ...view, fechaCaptura: '2022-11-30T00:00:00Z' })
    expect(fromV1Record(S3P_MAPPING, { ...view, particularSancionado: { nombreRazonSocial: 'X', tipoPersona: 'M' } }).collection).toBe('faltas_graves_personas_morales')
  })
})
