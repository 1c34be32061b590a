import type { OpenApiDocument } from '@see/openapi'
import { exampleOf, type SystemProfile } from '@see/systems'

// The public paths of every federated system, written once from its profile: the routes and their
// documentation come from the same list, so a new system is documented by being configured.

const json = (schema: string, example?: object): object => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` }, ...(example !== undefined && { example }) } } })
const failure = (description: string): object => ({ description, ...json('Error') })

const COMMON_ERRORS = {
  401: failure('Token ausente, inválido o vencido.'),
  403: failure('El token no tiene el alcance del sistema (`SEE_AUTH_*`), o un filtro es sobre un campo privado y el token no tiene el alcance privilegiado `read:<sistema>:privado` (`SEE_PRIVATE_FILTER`).')
}

/** The headers a federated answer carries (the gateway's CORS setting exposes them to browsers). */
const ANSWER_HEADERS = {
  'x-see-incomplete': {
    description: 'Entes que quedaron fuera de esta respuesta y por qué: `CLAVE=CODIGO` separados por comas. Ausente cuando respondieron todos.',
    schema: { type: 'string', example: 'SHCH=ENTE_TIMEOUT,SSA=ENTE_HTTP_ERROR' }
  },
  'x-see-cache': {
    description: 'De dónde salió la página: `miss` (consultada ahora), `hit` (caché vigente), `stale` (caché vencida; se renueva en segundo plano), `stale-if-error` (los entes fallaron y se sirve la última buena) o `coalesced` (la trajo otra consulta igual en curso).',
    schema: { type: 'string', enum: ['hit', 'miss', 'stale', 'stale-if-error', 'coalesced'] }
  },
  'x-see-private-removed': {
    description: 'Entes que enviaron campos privados a un cliente sin el alcance privilegiado del sistema (`read:<sistema>:privado`): el gateway los quitó de sus registros antes de responder. Claves separadas por comas; ausente cuando ninguno lo hizo.',
    schema: { type: 'string', example: 'SSA' }
  }
}
/** Answers whose shape is the same for every system (a summary, a list of institutions). */
const SUMMARY_EXAMPLE = {
  totalRows: 14,
  entes: [
    { clave: 'CONGRESO', nombre: 'Congreso del Estado de Chiapas', status: 'ok', latencyMs: 31, totalRows: 9 },
    { clave: 'SHCH', nombre: 'Secretaría de Hacienda del Estado de Chiapas', status: 'ok', latencyMs: 44, totalRows: 5 },
    { clave: 'SSA', nombre: 'Secretaría de Salud del Estado de Chiapas', status: 'error', latencyMs: 2004, error: { code: 'ENTE_TIMEOUT', message: 'El ente no respondió dentro del tiempo disponible.' } }
  ]
}
const DEPENDENCIAS_EXAMPLE = [
  { nombre: 'Congreso del Estado de Chiapas', siglas: 'CONGRESO', clave: 'CONGRESO-01' },
  { nombre: 'Instituto de Salud del Estado de Chiapas', siglas: 'ISECH', clave: 'SSA-02' }
]
const RETRY_AFTER = { 'Retry-After': { description: 'Segundos tras los que conviene reintentar.', schema: { type: 'integer', example: 2 } } }

function searchOperation (system: SystemProfile, schemas: NonNullable<SystemProfile['schemas']>): object {
  return {
    tags: [system.pdnId],
    operationId: `post${system.pdnId}Search`,
    summary: `Busca en ${system.title.toLowerCase()}, en todos los entes del estado.`,
    description: 'Federación en tiempo real: se consultan en paralelo los entes en producción y se responde con una sola paginación exacta. ' +
      '`totalRows` es la suma sobre los entes; una página puede abarcar dos entes; ningún registro se repite ni se pierde entre páginas mientras los datos de los entes no cambien. ' +
      'Sin `sort`, el orden es: entes en orden fijo y, dentro de cada ente, su propio orden. Con `sort`, se mezclan los entes en orden español con desempate por ente e `id`, a cualquier profundidad: recorrer la consulta página por página es lo más ligero (cada página continúa donde terminó la anterior). ' +
      'Si un ente falla, la respuesta lo dice en el encabezado `x-see-incomplete` (claves de los entes que fallaron y su código). ' +
      'Quién ve qué: solo los clientes con el alcance privilegiado del sistema (`read:<sistema>:privado`, autoridades) reciben los campos privados y su `rfcSolicitante` llega a los entes; para los demás el gateway descarta `rfcSolicitante`, quita los campos privados de todo registro (nombrando en `x-see-private-removed` a los entes que los enviaron) y rechaza con 403 `SEE_PRIVATE_FILTER` los filtros sobre campos privados.',
    security: [{ oauth2: [system.scope] }],
    requestBody: { required: true, ...json(schemas.request, exampleOf(system)) },
    responses: {
      200: { description: 'Página de resultados.', headers: ANSWER_HEADERS, ...json(schemas.response) },
      400: failure('Cuerpo mal formado.'),
      ...COMMON_ERRORS,
      422: failure('Parámetros fuera de rango o campos desconocidos; el mensaje nombra cada problema.'),
      502: failure('Ningún ente pudo responder.'),
      503: { ...failure('Un ente con registros en la página pedida no respondió (`SEE_INCOMPLETE_PAGE`), hay demasiadas páginas ordenadas profundas en curso (`SEE_SORTED_BUSY`) o el gateway está saturado; reintente tras `Retry-After`.'), headers: RETRY_AFTER },
      504: failure('Se agotó el tiempo de respuesta.')
    }
  }
}

function summaryOperation (system: SystemProfile, schemas: NonNullable<SystemProfile['schemas']>): object {
  return {
    tags: [system.pdnId],
    operationId: `post${system.pdnId}Summary`,
    summary: 'Resumen por ente de una consulta: estado, total de registros, latencia y código de error.',
    description: 'Consulta a todos los entes en producción en vivo (sin caché) con los filtros dados y devuelve, por ente, si respondió, cuántos registros cumplen la consulta y cuánto tardó. ' +
      'Los entes que fallaron se nombran también en el encabezado `x-see-incomplete`; si fallan todos, la respuesta es un error (502, o 504 si a todos se les agotó el tiempo), nunca un total de cero. ' +
      'El resumen pide a cada ente solo su conteo, sin registros: no puede ver registros que no cumplen el estándar. `totalRows` es el conteo del propio ente; las páginas de búsqueda que contienen registros inválidos nombran al ente con `ENTE_INVALID_RECORDS` en `x-see-incomplete`.',
    security: [{ oauth2: [system.scope] }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { type: 'object', additionalProperties: false, properties: { query: { $ref: `#/components/schemas/${schemas.query}` } } },
          example: { query: exampleOf(system).query ?? {} }
        }
      }
    },
    responses: {
      200: { description: 'Resumen por ente.', ...json('Summary', SUMMARY_EXAMPLE) },
      400: failure('Cuerpo mal formado.'),
      ...COMMON_ERRORS,
      422: failure('Filtros inválidos.'),
      502: failure('Ningún ente pudo responder.'),
      504: failure('A ningún ente le alcanzó el tiempo.')
    }
  }
}

function dependenciasOperation (system: SystemProfile): object {
  return {
    tags: [system.pdnId],
    operationId: `get${system.pdnId}Dependencias`,
    summary: 'Instituciones de todos los entes, sin repetir.',
    security: [{ oauth2: [system.scope] }],
    responses: { 200: { description: 'Lista de instituciones.', headers: { 'x-see-incomplete': ANSWER_HEADERS['x-see-incomplete'] }, ...json('Dependencias', DEPENDENCIAS_EXAMPLE) }, ...COMMON_ERRORS, 502: failure('Ningún ente pudo responder.') }
  }
}

/** The OpenAPI path items of one federated system, at its standard paths. */
export function systemPathItems (system: SystemProfile): Record<string, object> {
  const { schemas, paths } = system
  if (schemas === undefined || paths.search === undefined) return {}
  return {
    [paths.search]: { post: searchOperation(system, schemas) },
    [`${paths.search}/summary`]: { post: summaryOperation(system, schemas) },
    ...(paths.dependencias !== undefined && { [paths.dependencias]: { get: dependenciasOperation(system) } })
  }
}

/** The public document with the paths and tags of the systems this gateway federates. */
export function withSystemPaths (document: OpenApiDocument, systems: readonly SystemProfile[]): OpenApiDocument {
  const tags = (document.tags as Array<{ name: string }> | undefined) ?? []
  return {
    ...document,
    tags: [...systems.map(system => ({ name: system.pdnId, description: system.title })), ...tags],
    paths: { ...Object.assign({}, ...systems.map(systemPathItems)), ...document.paths }
  }
}

function sandboxOperation (system: SystemProfile, schemas: NonNullable<SystemProfile['schemas']>, search: string): object {
  // Resolved in the served document, which composes the public contract first.
  const publicSchema = (name: string, example?: object): object => json(name, example)
  const error = (description: string): object => ({ description, ...publicSchema('Error') })
  return {
    tags: ['Registro'],
    operationId: `postRegistrySandbox${system.pdnId}`,
    summary: `Consulta ${system.pdnId} de prueba contra la conexión en pruebas de un ente.`,
    description: `Federa solo la conexión ${system.pdnId} del ente en \`pruebas\` o \`mantenimiento\`, o su configuración pendiente si la tiene (también en \`produccion\`), con la misma semántica que \`${search}\`. Solo para el cliente de ese ente y los operadores; las consultas de la PDN nunca llegan a estas configuraciones.`,
    security: [{ registro: ['registry:admin'] }, { registro: ['registry:ente'] }],
    parameters: [{ $ref: '#/components/parameters/Clave' }],
    requestBody: { required: true, ...publicSchema(schemas.request, exampleOf(system)) },
    responses: {
      200: { description: 'Página de resultados del ente.', ...publicSchema(schemas.response) },
      400: error('Cuerpo mal formado.'),
      401: error('Token ausente, inválido o vencido.'),
      403: error('El token no tiene el alcance requerido, o la operación es solo para operadores del registro.'),
      404: error('El ente o la conexión no existe (o no pertenece al ente del cliente).'),
      409: error('La conexión no está en pruebas ni en mantenimiento.'),
      422: error('Parámetros fuera de rango o campos desconocidos.'),
      502: error('El ente no pudo responder.'),
      503: error('El servicio del sistema no está disponible; reintente.'),
      504: error('Se agotó el tiempo de respuesta.')
    }
  }
}

/** Where an ente's sandbox search for a system lives, under the registry's prefix. */
export function sandboxPath (system: SystemProfile): string | undefined {
  return system.paths.search === undefined ? undefined : `/entes/{clave}/sandbox${system.paths.search}`
}

/** The registry's document with each federated system's sandbox search. */
export function withSandboxPaths (document: OpenApiDocument, systems: readonly SystemProfile[]): OpenApiDocument {
  const paths: Record<string, object> = {}
  for (const system of systems) {
    const path = sandboxPath(system)
    if (path === undefined || system.schemas === undefined || system.paths.search === undefined) continue
    paths[`/registro/v1${path}`] = { post: sandboxOperation(system, system.schemas, system.paths.search) }
  }
  return { ...document, paths: { ...document.paths, ...paths } }
}
