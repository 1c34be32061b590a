import { loadConfig } from '@see/kit'

export interface GatewayConfig {
  PORT: number
  HOST: string
  ENTES_FILE: string
  S2_URL: string
  FEDERATION_DEADLINE_MS: number
  COUNT_TTL_MS: number
  PAGE_FRESH_MS: number
  PAGE_STALE_MS: number
  PAGE_STALE_IF_ERROR_MS: number
  MAX_SORTED_WINDOW: number
  LOG_LEVEL: string
  PUBLIC_URL: string
  DATABASE_URL?: string
  PGLITE_DIR?: string
  REDIS_URL?: string
  SEE_JWT_KEYS?: string
  ACCESS_TOKEN_TTL_SECONDS: number
}

const schema = {
  type: 'object',
  required: ['ENTES_FILE'],
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    HOST: { type: 'string', default: '127.0.0.1' },
    ENTES_FILE: { type: 'string', minLength: 1, description: 'Registro de entes (JSON).' },
    S2_URL: { type: 'string', format: 'uri', default: 'http://127.0.0.1:3102' },
    FEDERATION_DEADLINE_MS: { type: 'integer', minimum: 100, maximum: 60000, default: 3500 },
    COUNT_TTL_MS: { type: 'integer', minimum: 0, default: 30000 },
    PAGE_FRESH_MS: { type: 'integer', minimum: 0, default: 30000 },
    PAGE_STALE_MS: { type: 'integer', minimum: 0, default: 300000 },
    PAGE_STALE_IF_ERROR_MS: { type: 'integer', minimum: 0, default: 900000 },
    MAX_SORTED_WINDOW: { type: 'integer', minimum: 200, maximum: 100000, default: 2000 },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    PUBLIC_URL: { type: 'string', format: 'uri', default: 'http://127.0.0.1:3000', description: 'URL pública del gateway: emisor (iss) de los tokens.' },
    DATABASE_URL: { type: 'string', minLength: 1 },
    PGLITE_DIR: { type: 'string', minLength: 1 },
    REDIS_URL: { type: 'string', minLength: 1 },
    SEE_JWT_KEYS: { type: 'string', minLength: 1, description: 'Llaves de firma (JWKS o PEM); sin ella se genera una al iniciar.' },
    ACCESS_TOKEN_TTL_SECONDS: { type: 'integer', minimum: 30, maximum: 86400, default: 900 }
  }
}

export function loadGatewayConfig (env: Record<string, unknown> = process.env): GatewayConfig {
  return loadConfig<GatewayConfig>(schema, env)
}
