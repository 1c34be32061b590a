import type { SystemProfile } from '@see/systems'
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

interface ScenarioBase {
  /** Used with `--only`. */
  name: string
  title: string
}

/** Measures one system's search; the runner runs it once per system of `--system`. */
export interface SystemScenario extends ScenarioBase {
  kind: 'system'
  run: (context: BenchContext, system: SystemProfile) => Promise<void>
}

/** Measures something no system owns (the token endpoint); run once. */
export interface PlatformScenario extends ScenarioBase {
  kind: 'platform'
  run: (context: BenchContext) => Promise<void>
}

export type Scenario = SystemScenario | PlatformScenario
