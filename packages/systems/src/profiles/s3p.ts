import type { SystemProfile } from '../profile.js'

/** S3P: particulares sancionados (spec 1.1.0). `rfcSolicitante` sits at the top of the body. */
export const s3p: SystemProfile = {
  id: 's3p',
  pdnId: 'S3P',
  title: 'Particulares sancionados',
  scope: 'read:psancionados',
  scopeDescription: 'S3: consultar particulares sancionados.',
  paths: { search: '/v1/psancionados', dependencias: '/v1/psancionados/dependencias' },
  servicePort: 3104,
  schemas: { request: 'PsancionadosRequest', query: 'PsancionadosQuery', response: 'PsancionadosResponse', record: 'ParticularSancionado' },
  filters: {
    id: { kind: 'id' },
    nombreRazonSocial: { kind: 'text', path: 'particularSancionado.nombreRazonSocial' },
    rfc: { kind: 'text', path: 'particularSancionado.rfc' },
    institucionDependencia: { kind: 'text', path: 'institucionDependencia.nombre' },
    expediente: { kind: 'text', path: 'expediente' },
    tipoSancion: { kind: 'anyOf', path: 'tipoSancion.clave' },
    tipoPersona: { kind: 'equals', path: 'particularSancionado.tipoPersona' }
  },
  sorts: {
    nombreRazonSocial: 'particularSancionado.nombreRazonSocial',
    rfc: 'particularSancionado.rfc',
    institucionDependencia: 'institucionDependencia.nombre'
  },
  // What SESNA's `Api-Interconexion` role may not read (s3/v2/directus-roles.json: no telephone,
  // director or legal representative of a sanctioned person).
  privateFields: ['particularSancionado.telefono', 'particularSancionado.directorGeneral', 'particularSancionado.apoderadoLegal'],
  requester: 'body',
  institutionFilter: 'institucionDependencia',
  official: { file: 's3p/OAS_API_Particulares_Sancionados.json', response: 'resParticularesSancionados' },
  example: { page: 1, pageSize: 5, query: { tipoPersona: 'M' }, sort: { nombreRazonSocial: 'asc' }, rfcSolicitante: 'SAEC000101AB1' }
}
