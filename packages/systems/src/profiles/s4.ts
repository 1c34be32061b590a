import type { SystemProfile } from '../profile.js'

/** S4: fiscalización — audits performed on the state's entes (provisional state standard 0.1). */
export const s4: SystemProfile = {
  id: 's4',
  pdnId: 'S4',
  title: 'Fiscalización',
  scope: 'read:fiscalizacion',
  scopeDescription: 'S4: consultar información de fiscalización.',
  paths: { search: '/v1/fiscalizacion', dependencias: '/v1/fiscalizacion/dependencias' },
  // 3104 belongs to S3P since before S4 was built.
  servicePort: 3107,
  schemas: { request: 'FiscalizacionRequest', query: 'FiscalizacionQuery', response: 'FiscalizacionResponse', record: 'Auditoria' },
  filters: {
    id: { kind: 'id' },
    numeroAuditoria: { kind: 'text', path: 'numeroAuditoria' },
    institucionDependencia: { kind: 'text', path: 'institucionDependencia.nombre' },
    entidadFiscalizadora: { kind: 'text', path: 'entidadFiscalizadora.nombre' },
    objetivo: { kind: 'text', path: 'objetivo' },
    tipoAuditoria: { kind: 'anyOf', path: 'tipoAuditoria.clave' },
    estatus: { kind: 'anyOf', path: 'estatus.clave' },
    tipoObservacion: { kind: 'anyOf', path: 'observaciones.tipo.clave' },
    ejercicioFiscal: { kind: 'range', path: 'ejercicioFiscal' },
    montoObservado: { kind: 'range', path: 'montoObservado' },
    rfcSolicitante: { kind: 'requester' }
  },
  sorts: {
    numeroAuditoria: 'numeroAuditoria',
    fechaInicio: 'fechaInicio',
    institucionDependencia: 'institucionDependencia.nombre',
    entidadFiscalizadora: 'entidadFiscalizadora.nombre'
  },
  requester: 'query',
  // Audits are public information: the provisional standard holds no private field.
  privateFields: [],
  institutionFilter: 'institucionDependencia',
  provisional: { document: 's4-fiscalizacion.openapi.json', version: '0.1.0-provisional' },
  example: { page: 1, pageSize: 5, query: { tipoAuditoria: ['CF', 'OP'], ejercicioFiscal: { min: 2021 } }, sort: { fechaInicio: 'desc' } }
}
