import { BlockList, isIP } from 'node:net'
import { ConfigError, loadConfig } from '@see/kit'
import { FEDERATED_SYSTEMS, systemById, type SystemId, type SystemProfile } from '@see/systems'

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
  /** `s2=http://…,s3s=http://…`: the systems this gateway federates and where their services listen. */
  SERVICE_URLS?: string
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
  /** Namespace of this deployment's Redis keys and channels, shared with its services. */
  REDIS_PREFIX: string
  SEE_JWT_KEYS?: string
  ACCESS_TOKEN_TTL_SECONDS: number
  /** Web origins allowed by CORS (`CORS_ORIGINS`, comma-separated); none by default. */
  CORS_ORIGINS: string[]
  /** Read by the docs plugin (plugins/openapi.ts); validated here so a typo fails at start. */
  DOCS_OPERATOR: 'token' | 'public'
  /** Proxies whose X-Forwarded-For is believed, comma-separated addresses or CIDR ranges. */
  TRUSTED_PROXIES?: string
  /** Token requests a minute of each client on the password-grant allow-list (the PDN). */
  PDN_TOKENS_PER_MINUTE: number
  /** Internal port of `GET /metrics` (Prometheus); absent, no metrics are served. */
  METRICS_PORT?: number
  METRICS_HOST: string
  /** Period of the monitor of entes' rounds (0 turns it off); one gateway instance runs it. */
  MONITOR_INTERVAL_MS: number
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
    SERVICE_URLS: { type: 'string', minLength: 1, description: 'Sistemas que federa el gateway y URL de su servicio: s2=http://…,s3s=http://… (por omisión, cada sistema en 127.0.0.1 y su puerto).' },
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
    REDIS_PREFIX: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', default: 'see:', description: 'Prefijo de las llaves y canales de Redis de este despliegue (el mismo en sus servicios).' },
    SEE_JWT_KEYS: { type: 'string', minLength: 1, description: 'Llaves de firma (JWKS o PEM); sin ella se genera una al iniciar.' },
    ACCESS_TOKEN_TTL_SECONDS: { type: 'integer', minimum: 30, maximum: 86400, default: 900 },
    CORS_ORIGINS: { type: 'string', default: '', description: 'Orígenes web (esquema://host[:puerto]) cuyas páginas pueden llamar a la API, separados por comas; ninguno por omisión.' },
    TRUSTED_PROXIES: { type: 'string', minLength: 1, description: 'Proxies de confianza (direcciones o rangos CIDR separados por comas) cuya cabecera X-Forwarded-For se cree.' },
    PDN_TOKENS_PER_MINUTE: { type: 'integer', minimum: 60, maximum: 6000000, default: 120000, description: 'Tokens por minuto de cada cliente autorizado para la concesión password (la PDN).' },
    METRICS_PORT: { type: 'integer', minimum: 0, maximum: 65535, description: 'Puerto interno de GET /metrics (Prometheus), aparte del público; sin él no se sirven métricas.' },
    METRICS_HOST: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Interfaz del puerto de métricas.' },
    MONITOR_INTERVAL_MS: { type: 'integer', minimum: 0, maximum: 86400000, default: 60000, description: 'Periodo de las rondas del monitor de entes en ms (0 lo apaga; con varias instancias del gateway, actívelo en una sola).' },
    DOCS_OPERATOR: {
      type: 'string',
      enum: ['token', 'public'],
      default: 'token',
      description: 'Documentación de las API de operación (administración y registro): token (solo con un token registry:admin en /docs/operador/json) o public (también en /docs).'
    }
  }
}

/**
 * The origins of `CORS_ORIGINS`: each exactly as a browser sends it in `Origin` (scheme, host and
 * port, nothing else), so that comparing strings is comparing origins.
 */
export function parseCorsOrigins (value: string): string[] {
  const origins = value.split(',').map(item => item.trim()).filter(item => item !== '')
  for (const origin of origins) {
    let parsed: URL | undefined
    try {
      parsed = new URL(origin)
    } catch {}
    if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" no es un origen; escriba cada uno como esquema://host[:puerto], sin ruta ni diagonal final (p. ej. https://portal.chiapas.gob.mx), separados por comas.`)
    }
  }
  return [...new Set(origins)]
}

/** One address or CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`), as Fastify's trustProxy takes it. */
function isAddressOrRange (entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  if (!/^\d{1,3}$/.test(prefix)) return false
  try {
    new BlockList().addSubnet(address, Number(prefix), family === 4 ? 'ipv4' : 'ipv6')
    return true
  } catch {
    return false
  }
}

/** TRUSTED_PROXIES as a list, or a ConfigError naming the entry that is not an address or range. */
export function trustedProxies (value: string | undefined): string[] {
  if (value === undefined) return []
  const entries = value.split(',').map(entry => entry.trim()).filter(entry => entry !== '')
  const bad = entries.find(entry => !isAddressOrRange(entry))
  if (bad !== undefined || entries.length === 0) {
    throw new ConfigError(`TRUSTED_PROXIES debe ser una lista de direcciones IP o rangos CIDR separados por comas (por ejemplo 10.0.0.0/8,127.0.0.1); no se entiende «${bad ?? value}».`)
  }
  return entries
}

export function loadGatewayConfig (env: Record<string, unknown> = process.env): GatewayConfig {
  const config = loadConfig<Omit<GatewayConfig, 'CORS_ORIGINS'> & { CORS_ORIGINS: string }>(schema, env)
  trustedProxies(config.TRUSTED_PROXIES)
  return { ...config, CORS_ORIGINS: parseCorsOrigins(config.CORS_ORIGINS) }
}

/** A system the gateway federates and where its service listens. */
export interface ServiceLocation {
  system: SystemProfile
  url: string
}

/**
 * The systems named in `SERVICE_URLS`, in the order of the list of systems; without it, every
 * federated system at its own port on 127.0.0.1 (the layout of `docker-compose.yml` and the demo).
 */
export function serviceLocations (serviceUrls: string | undefined): ServiceLocation[] {
  if (serviceUrls === undefined) return FEDERATED_SYSTEMS.map(system => ({ system, url: `http://127.0.0.1:${system.servicePort ?? 0}` }))
  const named = new Map<SystemId, string>()
  for (const item of serviceUrls.split(',').map(part => part.trim()).filter(part => part !== '')) {
    const at = item.indexOf('=')
    const id = item.slice(0, at).trim()
    const url = item.slice(at + 1).trim()
    const system = FEDERATED_SYSTEMS.find(s => s.id === id)
    if (at <= 0 || system === undefined) throw new ConfigError(`SERVICE_URLS: «${item}» no nombra un sistema federado (${FEDERATED_SYSTEMS.map(s => s.id).join(', ')}); use sistema=URL separados por comas`)
    if (!/^https?:\/\/\S+$/.test(url)) throw new ConfigError(`SERVICE_URLS: la URL de ${id} debe empezar con http:// o https://`)
    if (named.has(system.id)) throw new ConfigError(`SERVICE_URLS: ${id} aparece dos veces`)
    named.set(system.id, url)
  }
  if (named.size === 0) throw new ConfigError('SERVICE_URLS está vacío: nombre al menos un sistema')
  return FEDERATED_SYSTEMS.filter(system => named.has(system.id)).map(system => ({ system: systemById(system.id), url: named.get(system.id)! }))
}
