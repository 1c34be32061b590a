import { Type, type TInteger, type TOptional, type TString, type TUnsafe } from '@sinclair/typebox'

// Schema fragments of the variables several processes read, written once. Each process composes
// the fragments it needs with its own variables in one `Type.Object`, and its configuration type
// is `Static<typeof schema>`: no interface written by hand beside the schema. Descriptions are in
// Spanish: a bad value's error message quotes them as the way to fix it.

/** A string that is one of `values`, as JSON Schema's `enum` (whose error lists the values). */
export function stringEnum<const V extends string> (values: readonly V[], options: { default?: V, description?: string } = {}): TUnsafe<V> {
  return Type.Unsafe<V>({ type: 'string', enum: [...values], ...options })
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Where a process listens: `HOST` (127.0.0.1 unless told) and `PORT` with the process's own default. */
export function listenEnv (defaultPort: number): { HOST: TString, PORT: TInteger } {
  return {
    HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Dirección en que escucha el proceso (p. ej. 0.0.0.0 en un contenedor).' }),
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort, description: 'Puerto TCP en que escucha, de 0 a 65535.' })
  }
}

export const logEnv = {
  LOG_LEVEL: stringEnum(LOG_LEVELS, { default: 'info', description: 'Nivel de los registros: fatal, error, warn, info, debug, trace o silent.' })
}

export const databaseEnv = {
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1, pattern: '^postgres(ql)?://', description: 'Base de datos PostgreSQL de la plataforma: postgres://usuario:contraseña@host:5432/base.' })),
  PGLITE_DIR: Type.Optional(Type.String({ minLength: 1, description: 'Sin DATABASE_URL: directorio de la base embebida (PGlite); sin él, en memoria.' }))
}

export const redisEnv = {
  REDIS_URL: Type.Optional(Type.String({ minLength: 1, pattern: '^rediss?://', description: 'Redis compartido por las instancias: redis://host:6379 (o rediss:// con TLS).' })),
  REDIS_PREFIX: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', default: 'see:', description: 'Prefijo de las llaves y canales de Redis de este despliegue (el mismo en el gateway y sus servicios): letras, dígitos, _ . : o -.' })
}

// Only present-or-absent here: the key ring (parseKeyRing) checks each key where it is read and
// names the variable and the entry, never a key.
function keyList (description: string): TOptional<TString> {
  return Type.Optional(Type.String({ minLength: 1, description }))
}

/** Key material (see key-ring.ts). */
export const credentialKeysEnv = {
  SEE_CREDENTIALS_KEYS: keyList('Llaves que cifran las credenciales de los entes: id:llave-base64[,id:llave-base64…], la primera cifra (p. ej. k1:$(openssl rand -base64 32)).')
}

export const cacheKeyEnv = {
  SEE_CACHE_KEY: keyList('Llaves que cifran los tokens de los entes guardados en Redis: id:llave-base64[,id:llave-base64…], la primera cifra (p. ej. c1:$(openssl rand -base64 32)).')
}

/** How ente URLs are checked, the same in the gateway (registry) and the services. */
export const entesEnv = {
  ENTES_FILE: Type.Optional(Type.String({ minLength: 1, description: 'Archivo de entes (JSON), solo en instalaciones sin Sistema Registral.' })),
  SEE_URL_ALLOW_HTTP: Type.Optional(Type.Boolean({ description: 'Solo desarrollo: permite URL http de los entes (true o false).' })),
  SEE_URL_ALLOWED_HOSTS: Type.Optional(Type.String({ description: 'Hosts, direcciones o rangos CIDR internos permitidos para los entes, separados por comas.' })),
  REGISTRY_REFRESH_MS: Type.Optional(Type.Integer({ minimum: 0, description: 'Periodo de sondeo del registro en ms (5 s sin Redis, 30 s con Redis).' }))
}

/** The audit of queries (gateway). */
export const queryAuditEnv = {
  QUERY_AUDIT_KEY: keyList('Llaves con que se calcula el HMAC de cada consulta en la auditoría de consultas (nunca se guarda la consulta): id:llave-base64[,…], la primera calcula (p. ej. q1:$(openssl rand -base64 32)); sin ella, una llave por proceso.'),
  QUERY_AUDIT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 365, description: 'Días que se conserva cada fila de la auditoría de consultas, de 1 a 3650.' })
}

/**
 * Who may see what: the private fields of each system, overriding the profiles' defaults, as a
 * JSON object `{"<sistema>": ["ruta.con.puntos", …]}` (checked by the gateway's `privateFieldsOf`).
 */
export const visibilityEnv = {
  PRIVATE_FIELDS: Type.Optional(Type.String({ minLength: 2, description: 'Campos privados por sistema, en JSON: {"s2":["rfc","curp"],…}; cada ruta con puntos cruza arreglos. Sin ella, los de cada perfil (documentados en el README).' }))
}

// The schema builder every process composes its configuration with: one version of it, from here.
export { Type, type Static } from '@sinclair/typebox'
