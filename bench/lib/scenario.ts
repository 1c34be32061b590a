import type { FederationHost } from './host/client.js'

/** What every scenario gets from the runner. */
export interface BenchContext {
  durationSeconds: number
  /** The child process that runs the federations (one at a time, on one database for the run). */
  host: FederationHost
  /** The old layout: the simulated entes in the federation host's process (`--same-process`). */
  sameProcess: boolean
  /** Federation sizes scenario 1 measures (`--entes`); its default list when absent. */
  entes?: number[]
  print: (line: string) => void
}

export interface Scenario {
  /** Used with `--only`. */
  name: string
  title: string
  run: (context: BenchContext) => Promise<void>
}
