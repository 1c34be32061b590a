import { cacheKeyEnv, credentialKeysEnv, databaseEnv, entesEnv, listenEnv, loadConfig, logEnv, redisEnv, tracingEnv, Type, type Static } from '@see/kit'
import type { SystemProfile } from '@see/systems'
import { DEFAULT_MAX_RESPONSE_BYTES } from './ente-client/client.js'
import { RESILIENCE_DEFAULTS, type ResilienceOptions } from './resilience/options.js'

function serviceSchema (defaultPort: number) {
  return Type.Object({
    ...listenEnv(defaultPort),
    ...logEnv,
    ...databaseEnv,
    ...redisEnv,
    ...credentialKeysEnv,
    ...cacheKeyEnv,
    ...entesEnv,
    ...tracingEnv,
    /** The gateway's JWKS (e.g. http://127.0.0.1:3000/.well-known/jwks.json): only its service tokens are let in. */
    GATEWAY_JWKS_URL: Type.String({ pattern: '^https?://', description: 'JWKS del gateway, p. ej. http://127.0.0.1:3000/.well-known/jwks.json: solo sus tokens de servicio entran.' }),
    MAX_RESPONSE_BYTES: Type.Integer({ minimum: 1024, default: DEFAULT_MAX_RESPONSE_BYTES, description: 'Tamaño máximo en bytes de una respuesta de un ente (al menos 1024).' }),
    // Resilience per ente: see ResilienceOptions for what each one means.
    RETRY_ENABLED: Type.Boolean({ default: RESILIENCE_DEFAULTS.retryEnabled, description: 'Reintentar una vez una consulta fallida a un ente (true o false).' }),
    RETRY_DELAY_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: RESILIENCE_DEFAULTS.retryDelayMs, description: 'Pausa antes del reintento, en ms (0 a 60000).' }),
    RETRY_MIN_CALL_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: RESILIENCE_DEFAULTS.retryMinCallMs, description: 'Tiempo restante mínimo para reintentar, en ms (0 a 60000).' }),
    // cockatiel's sampling rule needs a threshold strictly between 0 and 100 %.
    BREAKER_ERROR_THRESHOLD_PERCENT: Type.Integer({ minimum: 1, maximum: 99, default: RESILIENCE_DEFAULTS.breakerErrorThresholdPercent, description: 'Porcentaje de fallas que abre el circuito de un ente, de 1 a 99.' }),
    BREAKER_VOLUME_THRESHOLD: Type.Integer({ minimum: 1, default: RESILIENCE_DEFAULTS.breakerVolumeThreshold, description: 'Consultas mínimas en la ventana antes de abrir el circuito (al menos 1).' }),
    BREAKER_WINDOW_MS: Type.Integer({ minimum: 100, default: RESILIENCE_DEFAULTS.breakerWindowMs, description: 'Ventana de muestreo del circuito, en ms (al menos 100).' }),
    BREAKER_RESET_MS: Type.Integer({ minimum: 1, default: RESILIENCE_DEFAULTS.breakerResetMs, description: 'Tiempo con el circuito abierto antes de probar otra vez, en ms.' }),
    BREAKER_CONSECUTIVE_FAILURES: Type.Integer({ minimum: 0, default: RESILIENCE_DEFAULTS.breakerConsecutiveFailures, description: 'Fallas seguidas que abren el circuito (0 desactiva la regla).' }),
    BREAKER_CONSECUTIVE_TIMEOUTS: Type.Integer({ minimum: 0, default: RESILIENCE_DEFAULTS.breakerConsecutiveTimeouts, description: 'Tiempos de espera agotados seguidos que abren el circuito de un ente (0 desactiva la regla).' }),
    ENTE_TIMEOUT_FACTOR: Type.Number({ minimum: 0, maximum: 100, default: RESILIENCE_DEFAULTS.enteTimeoutFactor, description: 'Plazo de cada ente: este factor por su llamada reciente más lenta (0 a 100).' }),
    ENTE_TIMEOUT_MIN_MS: Type.Integer({ minimum: 1, maximum: 60_000, default: RESILIENCE_DEFAULTS.enteTimeoutMinMs, description: 'Plazo mínimo de un ente, en ms (1 a 60000).' }),
    SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 120_000, default: 5000, description: 'Al recibir SIGTERM: milisegundos en que /health/ready falla y aún se atienden solicitudes (0 a 120000).' }),
    /** Internal port of `GET /metrics` (Prometheus); absent, no metrics are served. */
    METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'Puerto interno de GET /metrics (Prometheus), aparte del público; sin él no se sirven métricas.' })),
    METRICS_HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interfaz del puerto de métricas.' }),
    /** Absent: 4 × the ente's maxConnections. */
    ENTE_MAX_QUEUE: Type.Optional(Type.Integer({ minimum: 0, description: 'Consultas en espera por ente (por omisión, 4 veces sus conexiones).' }))
  }, {
    // Entes come from the registry (DATABASE_URL) or, in file setups, from ENTES_FILE.
    anyOf: [{ required: ['DATABASE_URL'] }, { required: ['ENTES_FILE'] }]
  })
}

/** A system service's configuration: the type of its schema. */
export type ServiceConfig = Static<ReturnType<typeof serviceSchema>>

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
    breakerConsecutiveTimeouts: config.BREAKER_CONSECUTIVE_TIMEOUTS,
    enteTimeoutFactor: config.ENTE_TIMEOUT_FACTOR,
    enteTimeoutMinMs: config.ENTE_TIMEOUT_MIN_MS,
    ...(config.ENTE_MAX_QUEUE === undefined ? {} : { enteMaxQueue: config.ENTE_MAX_QUEUE })
  }
}

/** A system service's configuration; `PORT` defaults to the system's own port. */
export function loadServiceConfig (system: SystemProfile, env: Record<string, unknown> = process.env): ServiceConfig {
  return loadConfig(serviceSchema(system.servicePort), env)
}
