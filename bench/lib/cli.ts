import { parseArgs } from 'node:util'

export interface BenchOptions {
  /** Length of each measurement. */
  durationSeconds: number
  /** Scenario names to run; all when absent. */
  only?: string[]
  /** The simulated entes in the federation's process instead of one of their own. */
  sameProcess: boolean
  /** Federation sizes for the uncached scenario. */
  entes?: number[]
  help: boolean
}

export const USAGE = `Uso: pnpm bench [--quick] [--only <escenario>[,<escenario>...]] [--duration <segundos>] [--same-process]

  --quick        mediciones de 2 s en lugar de 5 s
  --duration N   segundos por medición
  --only LISTA   sólo los escenarios nombrados (separados por comas)
  --entes LISTA  tamaños de federación del escenario uncached (p. ej. 1,20)
  --same-process los entes simulados en el mismo proceso que s2 y el gateway
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
  const only = values.only?.flatMap(list => list.split(',')).map(name => name.trim()).filter(name => name !== '')
  return { durationSeconds, sameProcess: values['same-process'], help: values.help, ...(entes !== undefined && { entes }), ...(only !== undefined && only.length > 0 && { only }) }
}
