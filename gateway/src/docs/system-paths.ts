import type { OpenApiDocument } from '@see/openapi'
import { exampleOf, type IntakeSpec, type SystemProfile } from '@see/systems'
import { ocdsPaths } from '../ocds/routes.js'

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
/** A summary names the entes that failed, and those whose recent search pages dropped invalid records. */
const SUMMARY_INCOMPLETE_HEADER = {
  description: 'Entes que fallaron en este resumen, y entes cuyas páginas de búsqueda recientes descartaron registros que no cumplen el estándar (`ENTE_INVALID_RECORDS`; su `totalRows` los cuenta): `CLAVE=CODIGO` separados por comas. Ausente cuando no hay ninguno.',
  schema: { type: 'string', example: 'SSA=ENTE_TIMEOUT,SHCH=ENTE_INVALID_RECORDS' }
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

/**
 * The documented answer of a system's search: `components.examples.<response schema>` of the public
 * contract, which `pnpm gen` writes from the simulator's records (infra/search-examples.ts).
 */
function answerOf (document: OpenApiDocument, example: string, response = example): object {
  const examples = document.components.examples as Record<string, unknown> | undefined
  const media = { schema: { $ref: `#/components/schemas/${response}` } }
  if (examples?.[example] === undefined) return { content: { 'application/json': media } }
  return { content: { 'application/json': { ...media, examples: { respuesta: { $ref: `#/components/examples/${example}` } } } } }
}

function searchOperation (system: SystemProfile, schemas: SystemProfile['schemas'], document: OpenApiDocument): object {
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
      200: { description: 'Página de resultados.', headers: ANSWER_HEADERS, ...answerOf(document, schemas.response) },
      400: failure('Cuerpo mal formado.'),
      ...COMMON_ERRORS,
      422: failure('Parámetros fuera de rango o campos desconocidos; el mensaje nombra cada problema.'),
      502: failure('Ningún ente pudo responder.'),
      503: { ...failure('Un ente con registros en la página pedida no respondió (`SEE_INCOMPLETE_PAGE`), hay demasiadas páginas ordenadas profundas en curso (`SEE_SORTED_BUSY`) o el gateway está saturado; reintente tras `Retry-After`.'), headers: RETRY_AFTER },
      504: failure('Se agotó el tiempo de respuesta.')
    }
  }
}

function summaryOperation (system: SystemProfile, schemas: SystemProfile['schemas']): object {
  return {
    tags: [system.pdnId],
    operationId: `post${system.pdnId}Summary`,
    summary: 'Resumen por ente de una consulta: estado, total de registros, latencia y código de error.',
    description: 'Consulta a todos los entes en producción en vivo (sin caché) con los filtros dados y devuelve, por ente, si respondió, cuántos registros cumplen la consulta y cuánto tardó. ' +
      'Los entes que fallaron se nombran también en el encabezado `x-see-incomplete`; si fallan todos, la respuesta es un error (502, o 504 si a todos se les agotó el tiempo), nunca un total de cero. ' +
      'El resumen pide a cada ente solo su conteo, sin registros: no puede ver registros que no cumplen el estándar, y `totalRows` es el conteo del propio ente. ' +
      'Por eso nombra también, con `CLAVE=ENTE_INVALID_RECORDS` en `x-see-incomplete`, a los entes cuyas páginas de búsqueda descartaron registros inválidos en los últimos segundos (el tiempo que se confía en un conteo, 30 s por omisión), en cualquier instancia del gateway.',
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
      200: { description: 'Resumen por ente.', headers: { 'x-see-incomplete': SUMMARY_INCOMPLETE_HEADER }, ...json('Summary', SUMMARY_EXAMPLE) },
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

/** The ocid of the documented record package (written by `pnpm gen` from the simulated entes). */
function exampleOcid (document: OpenApiDocument): string {
  const example = (document.components.examples as Record<string, { value?: { records?: Array<{ ocid?: string }> } }> | undefined)?.OcdsPaqueteRegistros
  return example?.value?.records?.[0]?.ocid ?? 'ocds-sim7ch-00001'
}

/** OCDS publishing of a system whose records are OCDS releases (S6): release and record packages. */
function ocdsPathItems (system: SystemProfile, document: OpenApiDocument): Record<string, object> {
  const paths = ocdsPaths(system.paths.search)
  const ocid = { name: 'ocid', in: 'path', required: true, schema: { $ref: '#/components/schemas/Ocid' }, example: exampleOcid(document) }
  const query = (document.components.schemas.OcdsEntregasConsulta as { properties: Record<string, object> }).properties
  const common = { tags: [system.pdnId], security: [{ oauth2: [system.scope] }] }
  const headers = { 'x-see-incomplete': ANSWER_HEADERS['x-see-incomplete'] }
  const notFound = failure('Ningún ente publica entregas con ese ocid (`SEE_OCID_NO_ENCONTRADO`), o el ocid no lleva el prefijo registrado del estado (`SEE_OCID_FUERA_DE_PREFIJO`).')
  const upstream = { 502: failure('Ningún ente pudo responder.'), 504: failure('Ningún ente respondió a tiempo.') }
  const byOcid = {
    409: failure('Varios entes publican entregas con ese ocid (`SEE_OCID_AMBIGUO`): un proceso es de un solo ente.'),
    503: failure('El ocid aparece dentro de demasiados otros ocids para reunir sus entregas con certeza (`SEE_OCID_DEMASIADO_AMPLIO`), o un ente que tenía entregas del proceso falló (`SEE_INCOMPLETE_PAGE`).')
  }
  return {
    [paths.releases]: {
      get: {
        ...common,
        operationId: `get${system.pdnId}OcdsReleases`,
        summary: 'Paquete de entregas OCDS: una página de todas las entregas de los entes, en orden de fecha.',
        description: 'Lo que sirven los publicadores OCDS: cada página es un paquete de entregas con sus metadatos, y `links.next` lleva a la siguiente mientras la haya. `since` y `until` acotan la fecha de las entregas (inclusivas).',
        parameters: Object.entries(query).map(([name, schema]) => ({ name, in: 'query', required: false, schema, ...(name === 'pageSize' && { example: '2' }) })),
        responses: { 200: { description: 'Paquete de entregas.', headers, ...answerOf(document, 'OcdsPaqueteEntregas') }, 400: failure('Parámetros mal formados.'), ...COMMON_ERRORS, 422: failure('Parámetros fuera de rango.'), ...upstream }
      }
    },
    [paths.releasesOf]: {
      get: {
        ...common,
        operationId: `get${system.pdnId}OcdsReleasesOf`,
        summary: 'Paquete de entregas OCDS de un proceso de contratación (todas sus entregas, de todos los entes).',
        parameters: [ocid],
        responses: { 200: { description: 'Paquete de entregas del proceso.', headers, ...answerOf(document, 'OcdsPaqueteEntregasProceso', 'OcdsPaqueteEntregas') }, ...COMMON_ERRORS, 404: notFound, ...byOcid, ...upstream }
      }
    },
    [paths.recordOf]: {
      get: {
        ...common,
        operationId: `get${system.pdnId}OcdsRecord`,
        summary: 'Paquete de registros OCDS de un proceso: sus entregas y la entrega compilada según las reglas de fusión de OCDS.',
        parameters: [ocid],
        responses: { 200: { description: 'Paquete de registros del proceso.', headers, ...answerOf(document, 'OcdsPaqueteRegistros') }, ...COMMON_ERRORS, 404: notFound, ...byOcid, ...upstream }
      }
    }
  }
}

const RECEIPT_EXAMPLE = { folio: 'DEN-2026-7KQ2M9XW4T', codigoSeguimiento: 'H4K9Q-2MX7T-PZ3R8-W5N6C', recibidaEn: '2026-11-21T16:02:11.000Z', repetida: false }
const TOO_MANY = { ...failure('Demasiadas solicitudes desde su dirección de red (`SEE_INTAKE_RATE_LIMITED`) o demasiados códigos equivocados para el folio (`SEE_INTAKE_TRACKING_BLOCKED`); el mensaje dice cuánto esperar.'), headers: RETRY_AFTER }

function filingOperation (system: SystemProfile, intake: IntakeSpec): object {
  return {
    tags: [system.pdnId],
    operationId: `post${system.pdnId}Filing`,
    summary: 'Presenta una denuncia ante el ente competente, anónima o identificada.',
    description: 'Abierta a cualquier persona, sin token. La denuncia queda guardada y cifrada antes de responder, y la plataforma la entrega al ente denunciado (reintentando mientras esté fuera de línea) hasta que acuse recibo; los datos personales se borran de la plataforma en cuanto el ente la recibe. ' +
      'Envíe `Idempotency-Key` (un valor único por denuncia): repetir la solicitud con la misma clave devuelve el mismo folio (200) sin duplicarla. Los adjuntos se reconocen por su contenido, no por su nombre. ' +
      'La respuesta trae el folio y un código de seguimiento que se muestra una sola vez.',
    security: [],
    parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8, maxLength: 200 }, description: 'Valor único por denuncia (p. ej. un UUID).' }],
    requestBody: { required: true, ...json(intake.schemas.filing, intake.example) },
    responses: {
      200: { description: 'La misma denuncia ya se había recibido con esta `Idempotency-Key`: mismo folio, sin el código.', ...json(intake.schemas.receipt, { folio: RECEIPT_EXAMPLE.folio, recibidaEn: RECEIPT_EXAMPLE.recibidaEn, repetida: true }) },
      201: { description: 'Denuncia recibida y guardada: acuse con folio y código de seguimiento.', ...json(intake.schemas.receipt, RECEIPT_EXAMPLE) },
      400: failure('Cuerpo mal formado.'),
      409: failure('La `Idempotency-Key` ya se usó con otra denuncia.'),
      413: failure('La denuncia excede el tamaño máximo (30 MiB con adjuntos).'),
      422: failure('Denuncia incompleta, ente desconocido o adjunto no admitido; el mensaje dice cuál y por qué.'),
      429: TOO_MANY
    }
  }
}

function trackingOperation (system: SystemProfile, intake: IntakeSpec): object {
  return {
    tags: [system.pdnId],
    operationId: `post${system.pdnId}Tracking`,
    summary: 'Estado de una denuncia, con su folio y su código de seguimiento.',
    description: 'Sin token. Un folio inexistente y un código equivocado reciben la misma respuesta 404; tras varios códigos equivocados el folio se bloquea unos minutos.',
    security: [],
    requestBody: { required: true, ...json(intake.schemas.tracking, { folio: 'DEN-2026-7KQ2M9XW4T', codigo: 'H4K9Q-2MX7T-PZ3R8-W5N6C' }) },
    responses: {
      200: { description: 'Estado de la entrega al ente.', ...json(intake.schemas.status, { folio: RECEIPT_EXAMPLE.folio, estado: 'entregada', recibidaEn: RECEIPT_EXAMPLE.recibidaEn, entregadaEn: '2026-11-21T16:02:31.000Z', ente: 'SHCH', tipoFalta: 'CEX' }) },
      400: failure('Cuerpo mal formado.'),
      404: failure('No hay una denuncia con ese folio y ese código.'),
      422: failure('Folio o código con un formato inválido.'),
      429: TOO_MANY
    }
  }
}

/** The OpenAPI path items of one federated system, at its standard paths. */
export function systemPathItems (system: SystemProfile, document: OpenApiDocument): Record<string, object> {
  const { schemas, paths, intake } = system
  return {
    [paths.search]: { post: searchOperation(system, schemas, document) },
    [`${paths.search}/summary`]: { post: summaryOperation(system, schemas) },
    ...(paths.dependencias !== undefined && { [paths.dependencias]: { get: dependenciasOperation(system) } }),
    ...(intake !== undefined && { [intake.path]: { post: filingOperation(system, intake) }, [intake.trackingPath]: { post: trackingOperation(system, intake) } }),
    ...(system.standard === 'ocds-1.1.5-release' && ocdsPathItems(system, document))
  }
}

/** A system's title; a provisional state standard says so, with its version (SESNA has not published one). */
function tagDescription (system: SystemProfile): string {
  return system.provisional === undefined ? system.title : `${system.title} — estándar estatal provisional ${system.provisional.version} (la SESNA aún no publica el suyo).`
}

/** The public document with the paths and tags of the systems this gateway federates. */
export function withSystemPaths (document: OpenApiDocument, systems: readonly SystemProfile[]): OpenApiDocument {
  const tags = (document.tags as Array<{ name: string }> | undefined) ?? []
  return {
    ...document,
    tags: [...systems.map(system => ({ name: system.pdnId, description: tagDescription(system) })), ...tags],
    paths: { ...Object.assign({}, ...systems.map(system => systemPathItems(system, document))), ...document.paths }
  }
}

function sandboxOperation (system: SystemProfile, schemas: SystemProfile['schemas'], search: string): object {
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
export function sandboxPath (system: SystemProfile): string {
  return `/entes/{clave}/sandbox${system.paths.search}`
}

/** The registry's document with each federated system's sandbox search. */
export function withSandboxPaths (document: OpenApiDocument, systems: readonly SystemProfile[]): OpenApiDocument {
  const paths: Record<string, object> = {}
  for (const system of systems) {
    paths[`/registro/v1${sandboxPath(system)}`] = { post: sandboxOperation(system, system.schemas, system.paths.search) }
  }
  return { ...document, paths: { ...document.paths, ...paths } }
}
