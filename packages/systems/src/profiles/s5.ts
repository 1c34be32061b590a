import type { SystemProfile } from '../profile.js'

/**
 * S5: denuncias — the public query of denuncias across entes (provisional state standard 0.1).
 * Its records never hold personal data of whoever filed them (the schema has no place for it).
 */
export const s5: SystemProfile = {
  id: 's5',
  pdnId: 'S5',
  title: 'Denuncias',
  scope: 'read:denuncias',
  scopeDescription: 'S5: consultar denuncias.',
  paths: { search: '/v1/denuncias', dependencias: '/v1/denuncias/dependencias' },
  servicePort: 3105,
  schemas: { request: 'DenunciasRequest', query: 'DenunciasQuery', response: 'DenunciasResponse', record: 'Denuncia' },
  filters: {
    id: { kind: 'id' },
    folio: { kind: 'text', path: 'folio' },
    asunto: { kind: 'text', path: 'asunto' },
    institucionDependencia: { kind: 'text', path: 'institucionDependencia.nombre' },
    autoridadInvestigadora: { kind: 'text', path: 'autoridadInvestigadora.nombre' },
    tipoFalta: { kind: 'anyOf', path: 'tipoFalta.clave' },
    estatus: { kind: 'anyOf', path: 'estatus.clave' },
    rfcSolicitante: { kind: 'requester' }
  },
  sorts: {
    folio: 'folio',
    fechaRecepcion: 'fechaRecepcion',
    institucionDependencia: 'institucionDependencia.nombre',
    autoridadInvestigadora: 'autoridadInvestigadora.nombre'
  },
  requester: 'query',
  // The public query carries nothing of who filed a denuncia (the record has no such field): nothing to withhold.
  privateFields: [],
  institutionFilter: 'institucionDependencia',
  provisional: { document: 's5-denuncias.openapi.json', version: '0.1.0-provisional' },
  example: { page: 1, pageSize: 5, query: { estatus: ['INV', 'TUR'] }, sort: { fechaRecepcion: 'desc' } },
  intake: {
    path: '/v1/denuncias/presentacion',
    trackingPath: '/v1/denuncias/seguimiento',
    entePath: '/v1/denuncias/presentacion',
    folioPrefix: 'DEN',
    schemas: { filing: 'DenunciaPresentacion', receipt: 'AcuseDenuncia', tracking: 'SeguimientoDenuncia', status: 'EstadoDenuncia' },
    example: { ente: 'SHCH', tipoFalta: 'CEX', hechos: 'En la ventanilla de pagos me pidieron dinero para agilizar un trámite.', fechaHechos: '2026-11-20', anonima: true }
  }
}
