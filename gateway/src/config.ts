import { loadConfig } from '@see/kit'

export interface GatewayConfig {
  PORT: number
  HOST: string
  /** File setups only: the foundation's entes file instead of the Sistema Registral (no /registro API). */
  ENTES_FILE?: string
  /** Keys that seal the entes' credentials at rest; required unless ENTES_FILE. */
  SEE_CREDENTIALS_KEYS?: string
  SEE_URL_ALLOW_HTTP?: boolean
  SEE_URL_ALLOWED_HOSTS?: string
  REGISTRY_REFRESH_MS?: number
  S2_URL: string
  FEDERATION_DEADLINE_MS: number
  COUNT_TTL_MS: number
  PAGE_FRESH_MS: number
  PAGE_STALE_MS: number
  PAGE_STALE_IF_ERROR_MS: number
  /** With Redis: how long a page read from it is kept in process (0 turns the near copy off). */
  PAGE_NEAR_MS: number
  MAX_SORTED_WINDOW: number
  LOG_LEVEL: string
  PUBLIC_URL: string
  DATABASE_URL?: string
  PGLITE_DIR?: string
  REDIS_URL?: string
  SEE_JWT_KEYS?: string
  ACCESS_TOKEN_TTL_SECONDS: number
  /** Read by the docs plugin (plugins/openapi.ts); validated here so a typo fails at start. */
  DOCS_OPERATOR: 'token' | 'public'
}

const schema = {
  type: 'object',
  // Over the Sistema Registral (SEE_CREDENTIALS_KEYS) or, in file setups, over ENTES_FILE.
  anyOf: [{ required: ['SEE_CREDENTIALS_KEYS'] }, { required: ['ENTES_FILE'] }],
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    HOST: { type: 'string', default: '127.0.0.1' },
    ENTES_FILE: { type: 'string', minLength: 1, description: 'Archivo de entes (JSON), solo sin Sistema Registral.' },
    SEE_CREDENTIALS_KEYS: { type: 'string', minLength: 1, description: 'Llaves que cifran las credenciales de los entes (id:llave-base64[,…]).' },
    SEE_URL_ALLOW_HTTP: { type: 'boolean', description: 'Solo desarrollo: permite URL http de los entes.' },
    SEE_URL_ALLOWED_HOSTS: { type: 'string', description: 'Hosts, direcciones o rangos CIDR internos permitidos para los entes (separados por comas).' },
    REGISTRY_REFRESH_MS: { type: 'integer', minimum: 0, description: 'Periodo de sondeo del registro (5 s sin Redis, 30 s con Redis).' },
    S2_URL: { type: 'string', pattern: '^https?://', default: 'http://127.0.0.1:3102' },
    FEDERATION_DEADLINE_MS: { type: 'integer', minimum: 100, maximum: 60000, default: 3500 },
    COUNT_TTL_MS: { type: 'integer', minimum: 0, default: 30000 },
    PAGE_FRESH_MS: { type: 'integer', minimum: 0, default: 30000 },
    PAGE_STALE_MS: { type: 'integer', minimum: 0, default: 300000 },
    PAGE_STALE_IF_ERROR_MS: { type: 'integer', minimum: 0, default: 900000 },
    PAGE_NEAR_MS: { type: 'integer', minimum: 0, maximum: 60000, default: 1000, description: 'Con Redis: cuánto tiempo se conserva en el proceso una página leída de Redis (0 la desactiva).' },
    MAX_SORTED_WINDOW: { type: 'integer', minimum: 200, maximum: 100000, default: 2000 },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    PUBLIC_URL: { type: 'string', pattern: '^https?://', default: 'http://127.0.0.1:3000', description: 'URL pública del gateway: emisor (iss) de los tokens.' },
    DATABASE_URL: { type: 'string', minLength: 1 },
    PGLITE_DIR: { type: 'string', minLength: 1 },
    REDIS_URL: { type: 'string', minLength: 1 },
    SEE_JWT_KEYS: { type: 'string', minLength: 1, description: 'Llaves de firma (JWKS o PEM); sin ella se genera una al iniciar.' },
    ACCESS_TOKEN_TTL_SECONDS: { type: 'integer', minimum: 30, maximum: 86400, default: 900 },
    DOCS_OPERATOR: {
      type: 'string',
      enum: ['token', 'public'],
      default: 'token',
      description: 'Documentación de las API de operación (administración y registro): token (solo con un token registry:admin en /docs/operador/json) o public (también en /docs).'
    }
  }
}

export function loadGatewayConfig (env: Record<string, unknown> = process.env): GatewayConfig {
  return loadConfig<GatewayConfig>(schema, env)
}
