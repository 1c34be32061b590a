import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import closeWithGrace from 'close-with-grace'
import type { FastifyLoggerOptions } from 'fastify'
import { loggerOptions } from '@see/kit'
import { systemById } from '@see/systems'
import { demoGuide, startFederation } from './src/index.js'

// `npm start`: the whole federation on this machine with simulated entes, on the embedded defaults
// (PGlite, in-process cache) unless DATABASE_URL / REDIS_URL are set. The console is for people
// (Spanish); the processes' JSON logs go to a file of this run, so the two never interleave.

function number (name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    console.error(`La variable ${name} debe ser un entero no negativo (recibido: ${raw}).`)
    process.exit(2)
  }
  return value
}

const entes = number('DEMO_ENTES', 6)
const size = number('DEMO_SIZE', 250)
const port = number('GATEWAY_PORT', 3000)
const host = process.env.GATEWAY_HOST ?? '127.0.0.1'

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
const logLevel = process.env.LOG_LEVEL ?? (logFile === undefined ? 'warn' : 'info')

console.log(`Iniciando el SEE con ${entes} entes simulados de ${size} registros cada uno…`)
console.log(logFile === undefined
  ? 'No se pudo escribir en .see-demo/logs/; los registros (JSON) del gateway y de los servicios van a esta consola.'
  : `Registros (JSON) del gateway y de los servicios: ${logFile}`)
const federation = await startFederation({
  entes,
  size,
  latencyMs: number('DEMO_LATENCY_MS', 10),
  // A mixed federation, as the state's will be: the last entes run SESNA's Directus (v2) tools.
  directusEntes: number('DEMO_DIRECTUS_ENTES', 2),
  host,
  gatewayPort: port,
  controlPort: number('SIMULATOR_CONTROL_PORT', 3199),
  demoClientId: 'pdn-demo',
  demoUsername: 'pdn',
  operatorClientId: 'see-operador',
  retryFailedSeeds: true,
  ...(process.env.DATABASE_URL && { databaseUrl: process.env.DATABASE_URL }),
  ...(process.env.REDIS_URL && { redisUrl: process.env.REDIS_URL }),
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
