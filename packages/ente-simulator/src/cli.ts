import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { systemById, type SystemId } from '@see/systems'
import { defaultFleet } from './fleet.js'
import { toRegistryFile } from './registry.js'
import { startSimulator } from './simulator.js'
import { SIMULATED_SYSTEMS, simulatedSystem } from './systems.js'
import { FAULTS, type Fault, type SimulatedProvider, type Simulator } from './types.js'

// npx tsx packages/ente-simulator/src/cli.ts --providers 5 --size 200 --latency 10 --control-port 0

const USAGE = `Uso: tsx packages/ente-simulator/src/cli.ts [opciones]
  --providers N      número de proveedores (predeterminado 5)
  --systems LISTA    sistemas que sirve cada proveedor, separados por comas (predeterminado ${SIMULATED_SYSTEMS.join(',')})
  --size N           registros por proveedor y sistema (predeterminado 200)
  --latency MS       latencia de cada respuesta en ms (predeterminado 0)
  --jitter MS        variación aleatoria añadida a la latencia (predeterminado 0)
  --fault F          falla inicial de todos: ${FAULTS.join(', ')}
  --seed N           semilla de los datos
  --host H           interfaz (predeterminado 127.0.0.1)
  --control-port P   puerto del servidor de control (predeterminado 0: uno libre)
  --registry RUTA    escribe un archivo de registro de entes que apunta a los proveedores
  --log-level L      nivel de registro (predeterminado warn)`

function integer (name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} debe ser un entero no negativo (recibido «${value}»).`)
  return parsed
}

function fault (value: string | undefined): Fault | undefined {
  if (value === undefined) return undefined
  if (!(FAULTS as readonly string[]).includes(value)) throw new Error(`--fault debe ser una de: ${FAULTS.join(', ')}.`)
  return value as Fault
}

function systems (value: string | undefined): SystemId[] | undefined {
  if (value === undefined) return undefined
  return value.split(',').map(id => simulatedSystem(id.trim()).profile.id)
}

function counts (provider: SimulatedProvider): string {
  return provider.systems.map(system => `${systemById(system).pdnId} ${provider.recordsOf(system).length}`).join(' · ')
}

function describe (simulator: Simulator): string {
  const served = [...new Set(simulator.providers.flatMap(p => p.systems))].map(system => systemById(system).pdnId)
  const lines = simulator.providers.map(p =>
    `  ${p.clave.padEnd(12)} ${p.url.padEnd(24)} ${counts(p)} registros  cliente ${p.credentials.clientId}, usuario ${p.credentials.username}  ${p.nombre}`)
  return [
    `Simulador de entes (SESNA v1: ${served.join(', ')}): ${simulator.providers.length} proveedores`,
    ...lines,
    `Control: ${simulator.controlUrl}  (GET /providers muestra credenciales y contadores; PUT /providers/:clave {"fault", "latencyMs"})`
  ].join('\n')
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      providers: { type: 'string' },
      systems: { type: 'string' },
      size: { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      fault: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      'control-port': { type: 'string' },
      registry: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help === true) {
    console.log(USAGE)
    return
  }
  const seed = values.seed === undefined ? undefined : integer('seed', values.seed, 0)
  const initialFault = fault(values.fault)
  const served = systems(values.systems)
  const providers = defaultFleet(integer('providers', values.providers, 5), {
    ...(served !== undefined && { systems: served }),
    size: integer('size', values.size, 200),
    latencyMs: integer('latency', values.latency, 0),
    jitterMs: integer('jitter', values.jitter, 0),
    ...(seed !== undefined && { seed }),
    ...(initialFault !== undefined && { fault: initialFault })
  })
  const simulator = await startSimulator({
    providers,
    controlPort: integer('control-port', values['control-port'], 0),
    ...(values.host !== undefined && { host: values.host }),
    ...(values['log-level'] !== undefined && { logLevel: values['log-level'] })
  })
  console.log(describe(simulator))
  if (values.registry !== undefined) {
    await writeFile(values.registry, JSON.stringify(toRegistryFile(simulator), null, 2) + '\n', { mode: 0o600 })
    console.log(`Archivo de registro escrito en ${values.registry}`)
  }
  console.log('Presione Ctrl+C para detener.')

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1)
    stopping = true
    console.log(`\nSeñal ${signal}: deteniendo el simulador…`)
    simulator.close().then(() => process.exit(0), (err: unknown) => {
      console.error('No se pudo detener el simulador limpiamente:', err)
      process.exit(1)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  console.error(USAGE)
  process.exit(2)
})
