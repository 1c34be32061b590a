import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import closeWithGrace from 'close-with-grace'
import type { FastifyLoggerOptions } from 'fastify'
import { databaseEnv, listenEnv, loadConfig, LOG_LEVELS, loggerOptions, redisEnv, stringEnum, Type } from '@see/kit'
import { systemById } from '@see/systems'
import { demoGuide, startFederation } from './src/index.js'

// `npm start`: the whole federation on this machine with simulated entes, on the embedded defaults
// (PGlite, in-process cache) unless DATABASE_URL / REDIS_URL are set. The console is for people
// (Spanish); the processes' JSON logs go to a file of this run, so the two never interleave.

const count = (fallback: number, description: string): ReturnType<typeof Type.Integer> => Type.Integer({ minimum: 0, default: fallback, description })
const { HOST, PORT } = listenEnv(3000)

// The demo's own variables beside the platform's shared fragments (database, Redis, log level).
const schema = Type.Object({
  ...databaseEnv,
  REDIS_URL: redisEnv.REDIS_URL,
  // Its default depends on where the logs go (below).
  LOG_LEVEL: Type.Optional(stringEnum(LOG_LEVELS, { description: 'Nivel de los registros: fatal, error, warn, info, debug, trace o silent.' })),
  GATEWAY_HOST: HOST,
  GATEWAY_PORT: PORT,
  DEMO_ENTES: count(6, 'Número de entes simulados (entero no negativo).'),
  DEMO_SIZE: count(250, 'Registros de cada ente simulado (entero no negativo).'),
  DEMO_LATENCY_MS: count(10, 'Latencia simulada de cada ente en ms (entero no negativo).'),
  DEMO_DIRECTUS_ENTES: count(2, 'Cuántos de los entes simulados usan Directus v2 (entero no negativo).'),
  DEMO_OCDS_ENTES: count(1, 'Cuántos de los entes simulados, antes de los de Directus, publican el S6 como paquetes de entregas OCDS (entero no negativo).'),
  SIMULATOR_CONTROL_PORT: count(3199, 'Puerto de control del simulador de entes.')
})

function configuration (): ReturnType<typeof loadConfig<typeof schema>> {
  try {
    return loadConfig(schema)
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
}

const env = configuration()
const entes = env.DEMO_ENTES
const size = env.DEMO_SIZE
const port = env.GATEWAY_PORT
const host = env.GATEWAY_HOST

/** A fresh log file for this run, or undefined where the clone is not writable (e.g. a container user). */
function runLogFile (): string | undefined {
  const dir = fileURLToPath(new URL('../../.see-demo/logs/', import.meta.url))
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(`${dir}see.log`, '')
    return `${dir}see.log`
  } catch {
    return undefined
  }
}

const logFile = runLogFile()
// Only warnings when they share the console with people.
const logLevel = env.LOG_LEVEL ?? (logFile === undefined ? 'warn' : 'info')

console.log(`Iniciando el SEE con ${entes} entes simulados de ${size} registros cada uno…`)
console.log(logFile === undefined
  ? 'No se pudo escribir en .see-demo/logs/; los registros (JSON) del gateway y de los servicios van a esta consola.'
  : `Registros (JSON) del gateway y de los servicios: ${logFile}`)
const federation = await startFederation({
  entes,
  size,
  latencyMs: env.DEMO_LATENCY_MS,
  // A mixed federation, as the state's will be: the last entes run SESNA's Directus (v2) tools.
  directusEntes: env.DEMO_DIRECTUS_ENTES,
  ocdsEntes: env.DEMO_OCDS_ENTES,
  host,
  gatewayPort: port,
  controlPort: env.SIMULATOR_CONTROL_PORT,
  demoClientId: 'pdn-demo',
  demoUsername: 'pdn',
  operatorClientId: 'see-operador',
  retryFailedSeeds: true,
  ...(env.DATABASE_URL !== undefined && { databaseUrl: env.DATABASE_URL }),
  ...(env.REDIS_URL !== undefined && { redisUrl: env.REDIS_URL }),
  // The platform's logger options (credentials redacted), written to the file instead of stdout.
  logger: { ...loggerOptions('see-demo', logLevel) as FastifyLoggerOptions, ...(logFile !== undefined && { file: logFile }) }
})

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) console.error('Error inesperado; cerrando.', err)
  else console.log(`\nSeñal ${signal}: cerrando el SEE…`)
  await federation.close()
})

const url = federation.gatewayUrl
const db = federation.platform.db
console.log(`
SEE en marcha.
  Gateway (API pública):   ${url}
  Documentación OpenAPI:   ${url}/docs
  Portal público:          ${url}/
  Consola de operación:    ${url}/operador (entre con el cliente de operador del paso 5)
${federation.services.map(({ system, running }) => `  Servicio ${system.pdnId} (interno): ${running.url}`).join('\n')}
  Control del simulador:   ${federation.simulator.controlUrl}/providers
  Base de datos:           ${db.kind === 'pglite' ? `PGlite embebido (en memoria; otros procesos lo alcanzan en ${db.localUrl ?? '?'})` : 'PostgreSQL (DATABASE_URL)'}
  Caché:                   ${federation.platform.redis ? 'Redis (REDIS_URL)' : 'en proceso'}

Entes simulados, dados de alta en el Sistema Registral y llevados por el proceso de incorporación:
${federation.registry.seeded.map(e => `  ${e.clave.padEnd(12)} ${systemById(e.system).pdnId.padEnd(4)} etapa ${e.stage}${e.failedChecks ? ` (pruebas fallidas: ${e.failedChecks.join(', ')})` : ''}`).join('\n')}

${demoGuide({
  gatewayUrl: url,
  controlUrl: federation.simulator.controlUrl,
  systems: federation.services.map(({ system }) => system),
  credentials: federation.credentials,
  operator: federation.operator,
  seeded: federation.registry.seeded,
  providers: federation.simulator.providers,
  ...(db.localUrl !== undefined && { databaseLocalUrl: db.localUrl })
})}

Ctrl+C para terminar.`)
