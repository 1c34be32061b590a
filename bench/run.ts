import type { SystemProfile } from '@see/systems'
import { FederationHost } from './lib/host/client.js'
import { BenchUsageError, parseBenchArgs, USAGE } from './lib/cli.js'
import { machineFacts } from './lib/machine.js'
import type { BenchContext, Scenario } from './lib/scenario.js'
import { collectWarnings } from './lib/warnings.js'
import { bulk } from './scenarios/bulk.js'
import { cached } from './scenarios/cached.js'
import { deepPages } from './scenarios/deep-pages.js'
import { hungEnte } from './scenarios/hung-ente.js'
import { ocds } from './scenarios/ocds.js'
import { overhead } from './scenarios/overhead.js'
import { pdn } from './scenarios/pdn.js'
import { token } from './scenarios/token.js'
import { uncached } from './scenarios/uncached.js'

// `pnpm bench`: figures of the federation on loopback, printed for people to read. No assertions:
// the issue's targets are judged by whoever reads the tables, on a machine that is otherwise quiet.

const SCENARIOS: Scenario[] = [uncached, cached, deepPages, hungEnte, token, pdn, bulk, overhead, ocds]

function selected (only: string[] | undefined): Scenario[] {
  if (only === undefined) return SCENARIOS
  const unknown = only.filter(name => !SCENARIOS.some(s => s.name === name))
  if (unknown.length > 0) throw new BenchUsageError(`Escenario desconocido: ${unknown.join(', ')}. Disponibles: ${SCENARIOS.map(s => s.name).join(', ')}.`)
  return SCENARIOS.filter(s => only.includes(s.name))
}

function seconds (since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`
}

/** One run of a scenario, timed; a failure is printed and answered as false, so the others still run. */
async function attempt (run: () => Promise<void>, print: (line: string) => void): Promise<boolean> {
  const started = Date.now()
  try {
    await run()
    print(`  (${seconds(started)})`)
    return true
  } catch (err) {
    print(`  FAILED after ${seconds(started)}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`)
    return false
  }
}

/** Prefixes every line a system's run prints with the system's id, so each row says which system it measured. */
function printFor (system: SystemProfile, print: (line: string) => void): (line: string) => void {
  return line => print(`${system.id.padEnd(4)} ${line}`)
}

/**
 * Runs each scenario in turn, a per-system one once for each system (rows grouped by scenario, so
 * systems sit side by side); one that fails is reported and the others still run.
 */
async function runAll (scenarios: Scenario[], systems: SystemProfile[], context: BenchContext): Promise<string[]> {
  const failed: string[] = []
  for (const scenario of scenarios) {
    context.print(`\n${scenario.title}`)
    if (scenario.kind === 'platform') {
      if (!await attempt(async () => { await scenario.run(context) }, context.print)) failed.push(scenario.name)
      continue
    }
    for (const system of systems) {
      const print = printFor(system, context.print)
      if (!await attempt(async () => { await scenario.run({ ...context, print }, system) }, print)) failed.push(`${scenario.name} (${system.id})`)
    }
  }
  return failed
}

async function main (): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2))
  if (options.help) {
    console.log(`${USAGE}\n\nEscenarios: ${SCENARIOS.map(s => s.kind === 'system' ? s.name : `${s.name} (sin sistema)`).join(', ')}`)
    return
  }
  const scenarios = selected(options.only)
  const print = (line: string): void => console.log(line)
  const warnings = collectWarnings(print)
  for (const fact of machineFacts()) print(fact)
  // A per-system scenario's federation runs that system's service alone; the token one runs every system's.
  const layout = options.sameProcess
    ? 'the federation (simulated entes, system service, gateway) in one child process'
    : 'the federation (system service, gateway) in one child process, the simulated entes in another'
  print(`${options.durationSeconds} s per measurement; autocannon in this process, ${layout}, all on 127.0.0.1`)
  print(`systems: ${options.systems.map(system => `${system.id} (${system.paths.search ?? '-'})`).join(', ')}; rows start with the system they measured`)
  const started = Date.now()
  const host = await FederationHost.start()
  let failed: string[]
  let hostWarnings: string[] = []
  try {
    failed = await runAll(scenarios, options.systems, { durationSeconds: options.durationSeconds, host, sameProcess: options.sameProcess, print, ...(options.entes && { entes: options.entes }) })
    hostWarnings = await host.shutdown()
  } finally {
    host.kill()
  }
  for (const line of hostWarnings) print(`warnings in the federation host: ${line}`)
  for (const line of warnings.summary()) print(`warnings: ${line}`)
  print(`\ntotal ${seconds(started)}${failed.length > 0 ? ` — failed: ${failed.join(', ')}` : ''}`)
  if (failed.length > 0) process.exitCode = 1
}

try {
  await main()
} catch (err) {
  if (err instanceof BenchUsageError) {
    console.error(`${err.message}\n\n${USAGE}`)
    process.exitCode = 2
  } else {
    throw err
  }
}
