import { BlockList, isIP } from 'node:net'
import { ConfigError, credentialKeysEnv, databaseEnv, entesEnv, listenEnv, loadConfig, logEnv, queryAuditEnv, redisEnv, stringEnum, tracingEnv, Type, visibilityEnv, type Static } from '@see/kit'
import { INTAKE_LIMIT_DEFAULTS, type IntakeLimits } from '@see/intake'
import { SYSTEMS, systemById, type SystemId, type SystemProfile } from '@see/systems'

const schema = Type.Object({
  ...listenEnv(3000),
  ...logEnv,
  ...databaseEnv,
  ...redisEnv,
  ...credentialKeysEnv,
  ...entesEnv,
  ...tracingEnv,
  ...queryAuditEnv,
  ...visibilityEnv,
  /** `s2=http://…,s3s=http://…`: the systems this gateway federates and where their services listen. */
  SERVICE_URLS: Type.Optional(Type.String({ minLength: 1, description: 'Sistemas que federa el gateway y URL de su servicio: s2=http://…,s3s=http://… (por omisión, cada sistema en 127.0.0.1 y su puerto).' })),
  FEDERATION_DEADLINE_MS: Type.Integer({ minimum: 100, maximum: 60000, default: 3500, description: 'Plazo de una búsqueda federada en ms, de 100 a 60000.' }),
  COUNT_TTL_MS: Type.Integer({ minimum: 0, default: 30000, description: 'Vida en caché del conteo de cada ente, en ms.' }),
  PAGE_FRESH_MS: Type.Integer({ minimum: 0, default: 30000, description: 'Una página así de reciente se sirve tal cual, en ms.' }),
  PAGE_STALE_MS: Type.Integer({ minimum: 0, default: 300000, description: 'Hasta esta edad una página se sirve mientras se renueva, en ms (≥ PAGE_FRESH_MS).' }),
  PAGE_STALE_IF_ERROR_MS: Type.Integer({ minimum: 0, default: 900000, description: 'Hasta esta edad una página se sirve si renovarla falla, en ms (≥ PAGE_STALE_MS).' }),
  /** With Redis: how long a page read from it is kept in process (0 turns the near copy off). */
  PAGE_NEAR_MS: Type.Integer({ minimum: 0, maximum: 60000, default: 1000, description: 'Con Redis: cuánto tiempo se conserva en el proceso una página leída de Redis (0 la desactiva).' }),
  /** Records of deep sorted merging the gateway runs at once (cost-based admission of deep sorted pages). */
  SORTED_MERGE_BUDGET: Type.Integer({ minimum: 1000, maximum: 10000000, default: 60000, description: 'Registros que las páginas ordenadas profundas (sin frontera de mezcla cercana) pueden recorrer a la vez; por encima, 503 SEE_SORTED_BUSY con Retry-After.' }),
  PUBLIC_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3000', description: 'URL pública del gateway: emisor (iss) de los tokens.' }),
  SEE_JWT_KEYS: Type.Optional(Type.String({ minLength: 1, description: 'Llaves de firma (JWKS o PEM); sin ella se genera una al iniciar.' })),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 86400, default: 900, description: 'Vida de los tokens de acceso en segundos, de 30 a 86400.' }),
  /** Web origins allowed by CORS, comma-separated; none by default (parsed by `parseCorsOrigins`). */
  CORS_ORIGINS: Type.String({ default: '', description: 'Orígenes web (esquema://host[:puerto]) cuyas páginas pueden llamar a la API, separados por comas; ninguno por omisión.' }),
  /** Proxies whose X-Forwarded-For is believed, comma-separated addresses or CIDR ranges. */
  TRUSTED_PROXIES: Type.Optional(Type.String({ minLength: 1, description: 'Proxies de confianza (direcciones o rangos CIDR separados por comas) cuya cabecera X-Forwarded-For se cree.' })),
  /** Token requests a minute of each client on the password-grant allow-list (the PDN). */
  PDN_TOKENS_PER_MINUTE: Type.Integer({ minimum: 60, maximum: 6000000, default: 120000, description: 'Tokens por minuto de cada cliente autorizado para la concesión password (la PDN).' }),
  /** Data-route requests a minute of each client (per gateway instance). */
  PORTAL_REQUESTS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 6000000, default: 120, description: 'Páginas por minuto del portal público para cada dirección de cliente, por instancia del gateway.' }),
  DATA_REQUESTS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 6000000, default: 6000, description: 'Consultas por minuto a las rutas de datos de cada cliente, por instancia del gateway.' }),
  /** Data-route requests a minute of each password-grant client (the PDN), per gateway instance. */
  PDN_REQUESTS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 6000000, default: 120000, description: 'Consultas por minuto a las rutas de datos de cada cliente de la concesión password (la PDN), por instancia del gateway.' }),
  /** Per client address and gateway instance: filings and tracking requests an hour (systems with `intake`, S5 denuncias). */
  INTAKE_FILINGS_PER_HOUR: Type.Integer({ minimum: 1, maximum: 1000000, default: INTAKE_LIMIT_DEFAULTS.filingsPerHour, description: `Denuncias por hora que cada dirección de cliente puede presentar, por instancia del gateway; más allá, 429 SEE_INTAKE_RATE_LIMITED con el tiempo de espera (${INTAKE_LIMIT_DEFAULTS.filingsPerHour}).` }),
  INTAKE_TRACKING_PER_HOUR: Type.Integer({ minimum: 1, maximum: 1000000, default: INTAKE_LIMIT_DEFAULTS.trackingPerHour, description: `Consultas de seguimiento por hora de cada dirección de cliente, por instancia del gateway (${INTAKE_LIMIT_DEFAULTS.trackingPerHour}).` }),
  /** The memory bound of each of those two limits: addresses counted at once; the oldest window is forgotten first. */
  INTAKE_TRACKED_ADDRESSES: Type.Integer({ minimum: 100, maximum: 10000000, default: INTAKE_LIMIT_DEFAULTS.trackedAddresses, description: `Direcciones de cliente que cada límite de denuncias cuenta a la vez en memoria; al llenarse se olvida la de ventana más antigua (${INTAKE_LIMIT_DEFAULTS.trackedAddresses}).` }),
  /** On SIGTERM, how long readiness fails while requests are still served, before the server stops accepting. */
  SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 120000, default: 5000, description: 'Al recibir SIGTERM: milisegundos en que /health/ready falla y aún se atienden solicitudes, antes de dejar de aceptar conexiones.' }),
  /** Internal port of `GET /metrics` (Prometheus); absent, no metrics are served. */
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'Puerto interno de GET /metrics (Prometheus), aparte del público; sin él no se sirven métricas.' })),
  METRICS_HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interfaz del puerto de métricas.' }),
  /** Period of the monitor of entes' rounds (0 turns it off); the instance holding the monitor's lease runs it (monitor/leadership.ts). */
  MONITOR_INTERVAL_MS: Type.Integer({ minimum: 0, maximum: 86400000, default: 60000, description: 'Periodo de las rondas del monitor de entes en ms (0 lo apaga; varias instancias del gateway sobre un mismo Redis eligen una que sondea).' }),
  /** OCDS publishing (S6): the state's registered ocid prefix and the packages' metadata. */
  OCDS_OCID_PREFIX: Type.Optional(Type.String({ pattern: '^ocds-[a-z0-9]{6}$', description: 'Prefijo ocid registrado del estado ante la Open Contracting Partnership (ocds- y seis caracteres): solo los procesos bajo él se publican por ocid.' })),
  OCDS_PUBLISHER_NAME: Type.String({ minLength: 1, maxLength: 300, default: 'Secretaría Ejecutiva del Sistema Anticorrupción del Estado de Chiapas', description: 'Nombre del publicador de los paquetes OCDS.' }),
  OCDS_PUBLISHER_URI: Type.Optional(Type.String({ pattern: '^https?://', description: 'URL que identifica al publicador de los paquetes OCDS.' })),
  OCDS_LICENSE: Type.String({ pattern: '^https?://', default: 'https://creativecommons.org/licenses/by/4.0/deed.es', description: 'URL de la licencia de los datos publicados en OCDS.' }),
  OCDS_PUBLICATION_POLICY: Type.Optional(Type.String({ pattern: '^https?://', description: 'URL de la política de publicación de datos de contrataciones del estado.' })),
  /** Read by the docs plugin (plugins/openapi.ts); validated here so a typo fails at start. */
  DOCS_OPERATOR: stringEnum(['token', 'public'], {
    default: 'token',
    description: 'Documentación de las API de operación (administración y registro): token (solo con un token registry:admin en /docs/operador/json) o public (también en /docs).'
  })
}, {
  // Over the Sistema Registral (SEE_CREDENTIALS_KEYS) or, in file setups, over ENTES_FILE.
  anyOf: [{ required: ['SEE_CREDENTIALS_KEYS'] }, { required: ['ENTES_FILE'] }]
})

/** The gateway's configuration: the schema's type, with `CORS_ORIGINS` parsed into origins. */
export type GatewayConfig = Omit<Static<typeof schema>, 'CORS_ORIGINS'> & { CORS_ORIGINS: string[] }

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
  const config = loadConfig(schema, env)
  trustedProxies(config.TRUSTED_PROXIES)
  return { ...config, CORS_ORIGINS: parseCorsOrigins(config.CORS_ORIGINS) }
}

/** The per-address limits of the filing and tracking routes, from the configuration. */
export function intakeLimitsOf (config: Pick<GatewayConfig, 'INTAKE_FILINGS_PER_HOUR' | 'INTAKE_TRACKING_PER_HOUR' | 'INTAKE_TRACKED_ADDRESSES'>): IntakeLimits {
  return { filingsPerHour: config.INTAKE_FILINGS_PER_HOUR, trackingPerHour: config.INTAKE_TRACKING_PER_HOUR, trackedAddresses: config.INTAKE_TRACKED_ADDRESSES }
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
  if (serviceUrls === undefined) return SYSTEMS.map(system => ({ system, url: `http://127.0.0.1:${system.servicePort}` }))
  const named = new Map<SystemId, string>()
  for (const item of serviceUrls.split(',').map(part => part.trim()).filter(part => part !== '')) {
    const at = item.indexOf('=')
    const id = item.slice(0, at).trim()
    const url = item.slice(at + 1).trim()
    const system = SYSTEMS.find(s => s.id === id)
    if (at <= 0 || system === undefined) throw new ConfigError(`SERVICE_URLS: «${item}» no nombra un sistema federado (${SYSTEMS.map(s => s.id).join(', ')}); use sistema=URL separados por comas`)
    if (!/^https?:\/\/\S+$/.test(url)) throw new ConfigError(`SERVICE_URLS: la URL de ${id} debe empezar con http:// o https://`)
    if (named.has(system.id)) throw new ConfigError(`SERVICE_URLS: ${id} aparece dos veces`)
    named.set(system.id, url)
  }
  if (named.size === 0) throw new ConfigError('SERVICE_URLS está vacío: nombre al menos un sistema')
  return SYSTEMS.filter(system => named.has(system.id)).map(system => ({ system: systemById(system.id), url: named.get(system.id)! }))
}

/**
 * The systems with `PRIVATE_FIELDS` applied: each system it names gets that list instead of its
 * profile's default. A ConfigError says what is wrong with the JSON.
 */
export function withPrivateFields (locations: ServiceLocation[], privateFields: string | undefined): ServiceLocation[] {
  if (privateFields === undefined) return locations
  let parsed: unknown
  try {
    parsed = JSON.parse(privateFields)
  } catch {
    throw new ConfigError('PRIVATE_FIELDS no es JSON; escriba un objeto {"s2":["rfc","curp"],…} con una lista de rutas por sistema.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('PRIVATE_FIELDS debe ser un objeto JSON {"<sistema>": ["ruta", …]}.')
  const lists = parsed as Record<string, unknown>
  for (const [id, list] of Object.entries(lists)) {
    if (!SYSTEMS.some(system => system.id === id)) throw new ConfigError(`PRIVATE_FIELDS: «${id}» no es un sistema federado (${SYSTEMS.map(s => s.id).join(', ')}).`)
    if (!Array.isArray(list) || !list.every(path => typeof path === 'string' && /^[A-Za-z0-9_]+([.|][A-Za-z0-9_]+)*$/.test(path))) {
      throw new ConfigError(`PRIVATE_FIELDS: la lista de ${id} debe ser un arreglo de rutas con puntos (p. ej. "superiorInmediato.rfc").`)
    }
  }
  return locations.map(location => {
    const list = lists[location.system.id] as string[] | undefined
    return list === undefined ? location : { ...location, system: { ...location.system, privateFields: list } }
  })
}
