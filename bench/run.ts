import { FederationHost } from './lib/host/client.js'
import { BenchUsageError, parseBenchArgs, USAGE } from './lib/cli.js'
import { machineFacts } from './lib/machine.js'
import type { BenchContext, Scenario } from './lib/scenario.js'
import { collectWarnings } from './lib/warnings.js'
import { cached } from './scenarios/cached.js'
import { deepPages } from './scenarios/deep-pages.js'
import { hungEnte } from './scenarios/hung-ente.js'
import { token } from './scenarios/token.js'
import { uncached } from './scenarios/uncached.js'

// `pnpm bench`: figures of the federation on loopback, printed for people to read. No assertions:
// the issue's targets are judged by whoever reads the tables, on a machine that is otherwise quiet.

const SCENARIOS: Scenario[] = [uncached, cached, deepPages, hungEnte, token]

function selected (only: string[] | undefined): Scenario[] {
  if (only === undefined) return SCENARIOS
  const unknown = only.filter(name => !SCENARIOS.some(s => s.name === name))
  if (unknown.length > 0) throw new BenchUsageError(`Escenario desconocido: ${unknown.join(', ')}. Disponibles: ${SCENARIOS.map(s => s.name).join(', ')}.`)
  return SCENARIOS.filter(s => only.includes(s.name))
}

function seconds (since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`
}

/** Runs each scenario in turn; one that fails is reported and the others still run. */
async function runAll (scenarios: Scenario[], context: BenchContext): Promise<string[]> {
  const failed: string[] = []
  for (const scenario of scenarios) {
    context.print(`\n${scenario.title}`)
    const started = Date.now()
    try {
      await scenario.run(context)
      context.print(`  (${seconds(started)})`)
    } catch (err) {
      failed.push(scenario.name)
      context.print(`  FAILED after ${seconds(started)}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`)
    }
  }
  return failed
}

async function main (): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2))
  if (options.help) {
    console.log(`${USAGE}\n\nEscenarios: ${SCENARIOS.map(s => s.name).join(', ')}`)
    return
  }
  const scenarios = selected(options.only)
  const print = (line: string): void => console.log(line)
  const warnings = collectWarnings(print)
  for (const fact of machineFacts()) print(fact)
  const layout = options.sameProcess
    ? 'the federation (simulated entes, s2, gateway) in one child process'
    : 'the federation (s2, gateway) in one child process, the simulated entes in another'
  print(`${options.durationSeconds} s per measurement; autocannon in this process, ${layout}, all on 127.0.0.1`)
  const started = Date.now()
  const host = await FederationHost.start()
  let failed: string[]
  let hostWarnings: string[] = []
  try {
    failed = await runAll(scenarios, { durationSeconds: options.durationSeconds, host, sameProcess: options.sameProcess, print, ...(options.entes && { entes: options.entes }) })
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
