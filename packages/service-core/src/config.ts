import { loadConfig } from '@see/kit'
import type { SystemProfile } from '@see/systems'
import { DEFAULT_MAX_RESPONSE_BYTES } from './ente-client/client.js'
import { RESILIENCE_DEFAULTS, type ResilienceOptions } from './resilience/options.js'

export interface ServiceConfig {
  PORT: number
  HOST: string
  /** Path of the entes registry JSON (RegistryFile in internal.openapi.json); file setups only. */
  ENTES_FILE?: string
  /** The platform database: with it the entes come from the Sistema Registral (and ENTES_FILE is not read). */
  DATABASE_URL?: string
  /** Keys that open the connections' credentials (`id:base64[,id:base64…]`); required with DATABASE_URL. */
  SEE_CREDENTIALS_KEYS?: string
  /** Redis: registry changes arrive by pub/sub at once; without it they arrive by polling. */
  REDIS_URL?: string
  /** Prefix of the Redis channel, the same as the gateway's (`see:` by default). */
  REDIS_PREFIX?: string
  /** Keys that seal the entes' tokens kept in Redis (`id:base64[,id:base64…]`, the first seals); without it tokens stay in process. */
  SEE_CACHE_KEY?: string
  /** Polling period of the registry, the safety net for missed messages (default 5 s, 30 s with Redis). */
  REGISTRY_REFRESH_MS?: number
  /** Development only: allow http URLs for entes. */
  SEE_URL_ALLOW_HTTP?: boolean
  /** Hosts, addresses or CIDR ranges entes may use although internal (comma-separated). */
  SEE_URL_ALLOWED_HOSTS?: string
  /** The gateway's JWKS (e.g. http://127.0.0.1:3000/.well-known/jwks.json): only its service tokens are let in. */
  GATEWAY_JWKS_URL: string
  LOG_LEVEL: string
  /** Largest ente answer read, in bytes. */
  MAX_RESPONSE_BYTES: number
  /** Resilience per ente: see ResilienceOptions for what each one means. */
  RETRY_ENABLED: boolean
  RETRY_DELAY_MS: number
  RETRY_MIN_CALL_MS: number
  BREAKER_ERROR_THRESHOLD_PERCENT: number
  BREAKER_VOLUME_THRESHOLD: number
  BREAKER_WINDOW_MS: number
  BREAKER_RESET_MS: number
  BREAKER_CONSECUTIVE_FAILURES: number
  /** Absent: 4 × the ente's maxConnections. */
  ENTE_MAX_QUEUE?: number
  /** Internal port of `GET /metrics` (Prometheus); absent, no metrics are served. */
  METRICS_PORT?: number
  METRICS_HOST: string
}

const baseSchema = {
  type: 'object',
  // Entes come from the registry (DATABASE_URL) or, in file setups, from ENTES_FILE.
  anyOf: [{ required: ['DATABASE_URL'] }, { required: ['ENTES_FILE'] }],
  required: ['GATEWAY_JWKS_URL'],
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535 },
    HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    ENTES_FILE: { type: 'string', minLength: 1 },
    DATABASE_URL: { type: 'string', minLength: 1 },
    SEE_CREDENTIALS_KEYS: { type: 'string', minLength: 1 },
    REDIS_URL: { type: 'string', minLength: 1 },
    REDIS_PREFIX: { type: 'string', minLength: 1 },
    SEE_CACHE_KEY: { type: 'string', minLength: 1 },
    REGISTRY_REFRESH_MS: { type: 'integer', minimum: 0 },
    SEE_URL_ALLOW_HTTP: { type: 'boolean' },
    SEE_URL_ALLOWED_HOSTS: { type: 'string' },
    GATEWAY_JWKS_URL: { type: 'string', pattern: '^https?://' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    MAX_RESPONSE_BYTES: { type: 'integer', minimum: 1024, default: DEFAULT_MAX_RESPONSE_BYTES },
    RETRY_ENABLED: { type: 'boolean', default: RESILIENCE_DEFAULTS.retryEnabled },
    RETRY_DELAY_MS: { type: 'integer', minimum: 0, maximum: 60_000, default: RESILIENCE_DEFAULTS.retryDelayMs },
    RETRY_MIN_CALL_MS: { type: 'integer', minimum: 0, maximum: 60_000, default: RESILIENCE_DEFAULTS.retryMinCallMs },
    // cockatiel's sampling rule needs a threshold strictly between 0 and 100 %.
    BREAKER_ERROR_THRESHOLD_PERCENT: { type: 'integer', minimum: 1, maximum: 99, default: RESILIENCE_DEFAULTS.breakerErrorThresholdPercent },
    BREAKER_VOLUME_THRESHOLD: { type: 'integer', minimum: 1, default: RESILIENCE_DEFAULTS.breakerVolumeThreshold },
    BREAKER_WINDOW_MS: { type: 'integer', minimum: 100, default: RESILIENCE_DEFAULTS.breakerWindowMs },
    BREAKER_RESET_MS: { type: 'integer', minimum: 1, default: RESILIENCE_DEFAULTS.breakerResetMs },
    BREAKER_CONSECUTIVE_FAILURES: { type: 'integer', minimum: 0, default: RESILIENCE_DEFAULTS.breakerConsecutiveFailures },
    ENTE_MAX_QUEUE: { type: 'integer', minimum: 0 },
    METRICS_PORT: { type: 'integer', minimum: 0, maximum: 65535 },
    METRICS_HOST: { type: 'string', minLength: 1, default: '127.0.0.1' }
  }
}

/** The resilience options buildSystemService takes, from the configuration. */
export function resilienceOptionsOf (config: ServiceConfig): ResilienceOptions {
  return {
    retryEnabled: config.RETRY_ENABLED,
    retryDelayMs: config.RETRY_DELAY_MS,
    retryMinCallMs: config.RETRY_MIN_CALL_MS,
    breakerErrorThresholdPercent: config.BREAKER_ERROR_THRESHOLD_PERCENT,
    breakerVolumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
    breakerWindowMs: config.BREAKER_WINDOW_MS,
    breakerResetMs: config.BREAKER_RESET_MS,
    breakerConsecutiveFailures: config.BREAKER_CONSECUTIVE_FAILURES,
    ...(config.ENTE_MAX_QUEUE === undefined ? {} : { enteMaxQueue: config.ENTE_MAX_QUEUE })
  }
}

/** A system service's configuration; `PORT` defaults to the system's own port. */
export function loadServiceConfig (system: SystemProfile, env: Record<string, unknown> = process.env): ServiceConfig {
  const port = { ...baseSchema.properties.PORT, default: system.servicePort ?? 0 }
  return loadConfig<ServiceConfig>({ ...baseSchema, properties: { ...baseSchema.properties, PORT: port } }, env)
}
