import type { OpenApiDocument } from '@see/openapi'

// What every operation of the gateway has in common, written once over the composed document rather
// than in each operation: where it is served, the answers any route may give (an internal error,
// load shedding), and the health probes every deployment's orchestrator reads.

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch'])

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>
}

const RETRY_AFTER = { 'Retry-After': { description: 'Segundos tras los que conviene reintentar.', schema: { type: 'integer', example: 1 } } }
const ERROR_SCHEMA = { $ref: '#/components/schemas/Error' }

/** The schema of the operation's own error answers (OAuth's carry `error` besides `code` and `message`). */
function errorSchemaOf (operation: Operation): unknown {
  const failure = Object.entries(operation.responses ?? {}).find(([status, answer]) => /^[45]/.test(status) && answer.content !== undefined)
  return failure?.[1].content?.['application/json']?.schema ?? ERROR_SCHEMA
}

const HEALTH_PATHS = {
  '/health/live': {
    get: {
      tags: ['Salud'],
      operationId: 'getHealthLive',
      summary: 'El proceso está vivo.',
      description: 'Responde mientras el proceso corre; nunca se descarta por carga. Sin token.',
      security: [],
      responses: {
        200: { description: 'Vivo.', content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } }, example: { status: 'ok' } } } }
      }
    }
  },
  '/health/ready': {
    get: {
      tags: ['Salud'],
      operationId: 'getHealthReady',
      summary: 'El gateway está listo: base de datos, Redis y el servicio de cada sistema.',
      description: 'Cada verificación responde `ok`, `degraded` (p. ej. Redis ausente: el respaldo en proceso atiende) o `down`. Con alguna `down` responde 503 y la nombra, para que el orquestador deje de enviarle tráfico. Nunca se descarta por carga. Sin token.',
      security: [],
      responses: {
        200: {
          description: 'Listo (`ok`) o degradado (`degraded`).',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/HealthReport' },
              example: { status: 'ok', checks: { database: 'ok', 'service:s2': 'ok' } }
            }
          }
        },
        503: { description: 'No está listo: alguna verificación falla (`SEE_NOT_READY`).', content: { 'application/json': { schema: { $ref: '#/components/schemas/HealthReport' } } } }
      }
    }
  }
}

const HEALTH_REPORT = {
  type: 'object',
  required: ['status', 'checks'],
  description: 'Estado de cada verificación de disponibilidad.',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
    checks: { type: 'object', additionalProperties: { type: 'string', enum: ['ok', 'degraded', 'down'] } },
    code: { type: 'string', example: 'SEE_NOT_READY' },
    message: { type: 'string' }
  }
}

/**
 * The served document with `servers` (relative: this gateway, wherever it is published), the health
 * probes, and on every operation the 500 and the load-shedding 503 it may answer, in its own error shape.
 */
export function withCommonAnswers (document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document)
  for (const item of Object.values(copy.paths) as Array<Record<string, Operation>>) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue
      const schema = errorSchemaOf(operation)
      const answer = (description: string, extra: object = {}): object => ({ description, ...extra, content: { 'application/json': { schema } } })
      operation.responses ??= {}
      operation.responses['500'] ??= answer('Error interno. El mensaje no da detalles; el encabezado `x-request-id` de la respuesta permite hallarlo en los registros.') as never
      operation.responses['503'] ??= answer('El gateway está saturado y descarta la solicitud; reintente tras `Retry-After`.', { headers: RETRY_AFTER }) as never
    }
  }
  const tags = (copy.tags as Array<{ name: string }> | undefined) ?? []
  return {
    ...copy,
    servers: [{ url: '/', description: 'Este gateway: las rutas son relativas a donde se publica este documento.' }],
    tags: [...tags, { name: 'Salud', description: 'Sondas de vida y disponibilidad para el orquestador.' }],
    paths: { ...copy.paths, ...HEALTH_PATHS },
    components: { ...copy.components, schemas: { ...copy.components.schemas, HealthReport: HEALTH_REPORT } }
  }
}
