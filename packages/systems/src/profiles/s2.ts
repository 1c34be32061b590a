import type { SystemProfile } from '../profile.js'

/** S2: servidores públicos que intervienen en contrataciones (spec 1.1). */
export const s2: SystemProfile = {
  id: 's2',
  pdnId: 'S2',
  title: 'Servidores públicos que intervienen en contrataciones',
  scope: 'read:spic',
  scopeDescription: 'S2: consultar servidores públicos que intervienen en contrataciones.',
  paths: { search: '/v1/spic', dependencias: '/v1/spic/dependencias' },
  servicePort: 3102,
  schemas: { request: 'SpicRequest', query: 'SpicQuery', response: 'SpicResponse', record: 'ServidorPublicoContrataciones' },
  filters: {
    id: { kind: 'id' },
    nombres: { kind: 'text', path: 'nombres' },
    primerApellido: { kind: 'text', path: 'primerApellido' },
    segundoApellido: { kind: 'text', path: 'segundoApellido' },
    curp: { kind: 'text', path: 'curp' },
    rfc: { kind: 'text', path: 'rfc' },
    institucionDependencia: { kind: 'text', path: 'institucionDependencia.nombre' },
    tipoProcedimiento: { kind: 'anyOf', path: 'tipoProcedimiento.clave' },
    rfcSolicitante: { kind: 'requester' }
  },
  sorts: {
    nombres: 'nombres',
    primerApellido: 'primerApellido',
    segundoApellido: 'segundoApellido',
    institucionDependencia: 'institucionDependencia.nombre',
    puesto: 'puesto.nombre'
  },
  // What SESNA's `Api-Interconexion` role may not read (s2/v2/directus-roles.json: of the
  // person, names and sex only).
  privateFields: ['rfc', 'curp', 'superiorInmediato.rfc', 'superiorInmediato.curp'],
  requester: 'query',
  institutionFilter: 'institucionDependencia',
  official: { file: 's2/OAS_API_servidores_intervienen_contrataciones.json', response: 'resSpic' },
  example: { page: 1, pageSize: 5, query: { nombres: 'JOSE' }, sort: { primerApellido: 'asc' } }
}
