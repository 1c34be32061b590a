import type { SystemProfile } from '../profile.js'

/** S3S: servidores públicos sancionados (spec 1.1.0). */
export const s3s: SystemProfile = {
  id: 's3s',
  pdnId: 'S3S',
  title: 'Servidores públicos sancionados',
  scope: 'read:ssancionados',
  scopeDescription: 'S3: consultar servidores públicos sancionados.',
  paths: { search: '/v1/ssancionados', dependencias: '/v1/ssancionados/dependencias' },
  servicePort: 3103,
  schemas: { request: 'SsancionadosRequest', query: 'SsancionadosQuery', response: 'SsancionadosResponse', record: 'ServidorPublicoSancionado' },
  filters: {
    id: { kind: 'id' },
    nombres: { kind: 'text', path: 'servidorPublicoSancionado.nombres' },
    primerApellido: { kind: 'text', path: 'servidorPublicoSancionado.primerApellido' },
    segundoApellido: { kind: 'text', path: 'servidorPublicoSancionado.segundoApellido' },
    rfc: { kind: 'text', path: 'servidorPublicoSancionado.rfc' },
    curp: { kind: 'text', path: 'servidorPublicoSancionado.curp' },
    institucionDependencia: { kind: 'text', path: 'institucionDependencia.nombre' },
    tipoSancion: { kind: 'anyOf', path: 'tipoSancion.clave' },
    rfcSolicitante: { kind: 'requester' }
  },
  sorts: {
    rfc: 'servidorPublicoSancionado.rfc',
    curp: 'servidorPublicoSancionado.curp',
    nombres: 'servidorPublicoSancionado.nombres',
    primerApellido: 'servidorPublicoSancionado.primerApellido',
    segundoApellido: 'servidorPublicoSancionado.segundoApellido',
    institucionDependencia: 'institucionDependencia.nombre'
  },
  // What SESNA's `Api-Interconexion` role may not read (s3/v2/directus-roles.json: of the
  // sanctioned servant, names and sex only).
  privateFields: ['servidorPublicoSancionado.rfc', 'servidorPublicoSancionado.curp'],
  requester: 'query',
  institutionFilter: 'institucionDependencia',
  official: { file: 's3s/OAS_API_Servidores_Sancionados.json', response: 'ssancionados' },
  example: { page: 1, pageSize: 5, query: { tipoSancion: ['I', 'M'] } }
}
