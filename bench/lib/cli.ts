import { parseArgs } from 'node:util'
import { SYSTEMS, type SystemProfile } from '@see/systems'

export interface BenchOptions {
  /** Length of each measurement. */
  durationSeconds: number
  /** Scenario names to run; all when absent. */
  only?: string[]
  /** The simulated entes in the federation's process instead of one of their own. */
  sameProcess: boolean
  /** Federation sizes for the uncached scenario. */
  entes?: number[]
  /** Systems whose search the per-system scenarios measure, in the order given. */
  systems: SystemProfile[]
  help: boolean
}

/** The system measured when `--system` is not given (the one the benchmark measured alone before). */
const DEFAULT_SYSTEM = 's2'

/** Systems `--system` accepts: federated ones with a search path. */
const MEASURABLE = SYSTEMS.filter(system => system.paths.search !== undefined)

export const USAGE = `Uso: pnpm bench [--system <sistema>[,<sistema>...]] [--quick] [--only <escenario>[,<escenario>...]] [--duration <segundos>] [--same-process]

  --system LISTA sistemas cuya búsqueda se mide (separados por comas; por omisión ${DEFAULT_SYSTEM}):
${MEASURABLE.map(system => `                 ${system.id.padEnd(4)} ${system.paths.search} (${system.title})`).join('\n')}
                 cada escenario, salvo token, se repite para cada sistema, contra su ruta
                 de búsqueda y con cuerpos tomados de su perfil (primer campo de orden,
                 primer filtro de texto); cada fila empieza con el sistema
  --quick        mediciones de 2 s en lugar de 5 s
  --duration N   segundos por medición
  --only LISTA   sólo los escenarios nombrados (separados por comas)
  --entes LISTA  tamaños de federación del escenario uncached (p. ej. 1,20)
  --same-process los entes simulados en el mismo proceso que los servicios y el gateway
                 (por omisión, en un proceso propio)
  --help         esta ayuda`

export class BenchUsageError extends Error {
  readonly code = 'BENCH_USAGE'
}

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  duration: { type: 'string' },
  only: { type: 'string', multiple: true },
  entes: { type: 'string' },
  system: { type: 'string', multiple: true },
  'same-process': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false }
} as const

const PARSE_ERRORS: Record<string, string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: 'Opción desconocida',
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: 'Valor de opción inválido',
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: 'Argumento inesperado'
}

function readArgs (argv: string[]): ReturnType<typeof parseArgs<{ args: string[], options: typeof OPTIONS, strict: true, allowPositionals: false }>> {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false })
  } catch (err) {
    const known = PARSE_ERRORS[(err as { code?: string }).code ?? '']
    if (known === undefined) throw err
    throw new BenchUsageError(`${known} (${(err as Error).message}).`)
  }
}

/** Comma-separated values of a repeatable option, trimmed, empty ones dropped. */
function listOf (values: string[] | undefined): string[] | undefined {
  return values?.flatMap(list => list.split(',')).map(value => value.trim()).filter(value => value !== '')
}

/** The profiles `--system` names (case-insensitive, each once, in the order given). */
function systemsOf (names: string[] | undefined): SystemProfile[] {
  const wanted = [...new Set((names === undefined || names.length === 0 ? [DEFAULT_SYSTEM] : names).map(name => name.toLowerCase()))]
  const unknown = wanted.filter(name => !MEASURABLE.some(system => system.id === name))
  if (unknown.length > 0) throw new BenchUsageError(`Sistema desconocido o no federado: ${unknown.join(', ')}. Disponibles: ${MEASURABLE.map(system => system.id).join(', ')}.`)
  return wanted.map(name => MEASURABLE.find(system => system.id === name)!)
}

/** Reads the command line of `pnpm bench`. */
export function parseBenchArgs (argv: string[]): BenchOptions {
  const { values } = readArgs(argv)
  let durationSeconds = values.quick ? 2 : 5
  if (values.duration !== undefined) {
    durationSeconds = Number(values.duration)
    if (!Number.isFinite(durationSeconds) || durationSeconds < 1) throw new BenchUsageError(`--duration debe ser un número de segundos ≥ 1 (recibido: ${values.duration}).`)
  }
  const entes = values.entes?.split(',').map(n => Number(n.trim()))
  if (entes?.some(n => !Number.isInteger(n) || n < 1 || n > 500) === true) throw new BenchUsageError(`--entes debe ser una lista de enteros entre 1 y 500 (recibido: ${values.entes}).`)
  const only = listOf(values.only)
  const systems = systemsOf(listOf(values.system))
  return { durationSeconds, sameProcess: values['same-process'], systems, help: values.help, ...(entes !== undefined && { entes }), ...(only !== undefined && only.length > 0 && { only }) }
}
