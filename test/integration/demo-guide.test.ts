import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandsOf } from '@see/demo'
import { SYSTEMS, profiles } from '@see/systems'

// `npm start` as a new user meets it: the demo's entry (what `npm start` runs once the bootstrap
// has installed) in a child process, on its embedded defaults, and every command it prints run
// exactly as printed, through bash, in order. The shell variables a command sets (TOKEN, OPTOKEN,
// ACUSE) are handed to the next ones, as in the user's terminal.

const root = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)
const READY = 'Ctrl+C para terminar.'
const intake = profiles.s5.intake!
/** Where a command's output ends and the value of the variable it assigned begins. */
const VALUE_MARK = '@@valor-de-la-variable@@'

let demo: ChildProcess
let printed = ''

// The printed commands are bash and curl, as a user pastes them: without them (e.g. a minimal
// container) the test says so and skips, but CI must have them.
const missing = ['bash', 'curl'].filter(tool => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0)
if (missing.length > 0) {
  if (process.env.CI === 'true') throw new Error(`demo-guide needs ${missing.join(' and ')} on the PATH under CI`)
  console.warn(`[demo-guide] ${missing.join(' and ')} not found: the printed commands cannot run here, the test is skipped`)
}

beforeAll(async () => {
  if (missing.length > 0) return
  // Free ports, so it never meets another run; no DATABASE_URL/REDIS_URL: the embedded defaults.
  // Every generation of provider: two sesna-v1 entes (the fault demo leaves one answering), an OCDS feed (S6) and a Directus one.
  const env: NodeJS.ProcessEnv = { ...process.env, DEMO_ENTES: '4', DEMO_SIZE: '40', DEMO_DIRECTUS_ENTES: '1', DEMO_OCDS_ENTES: '1', GATEWAY_PORT: '0', SIMULATOR_CONTROL_PORT: '0', DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' }
  demo = spawn(`${root}node_modules/.bin/tsx`, ['infra/demo/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let errors = ''
  demo.stderr!.on('data', (chunk: Buffer) => { errors += chunk.toString() })
  await new Promise<void>((resolve, reject) => {
    demo.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString()
      if (printed.includes(READY)) resolve()
    })
    demo.once('exit', code => { reject(new Error(`npm start exited (${code}) before it was ready:\n${printed}\n${errors}`)) })
  })
}, 240_000)

afterAll(async () => {
  if (demo === undefined || demo.exitCode !== null) return
  const exited = once(demo, 'exit')
  demo.kill('SIGINT')
  await exited
}, 30_000)

interface Outcome { stdout: string, stderr: string, value?: string }

/** One printed command through bash, with the variables set so far; an assignment gives back its value (and what it printed). */
async function shell (command: string, variables: Record<string, string>): Promise<Outcome> {
  const assigned = /^ {2}([A-Z_]+)=\$\(/.exec(command)?.[1]
  const script = assigned === undefined ? command : `${command}\nprintf '%s%s' '${VALUE_MARK}' "$${assigned}"`
  const { stdout, stderr } = await run('bash', ['--noprofile', '--norc', '-c', script], { cwd: root, env: { ...process.env, ...variables, DATABASE_URL: '' }, maxBuffer: 16 << 20, timeout: 60_000 })
  if (assigned === undefined) return { stdout, stderr }
  const mark = stdout.lastIndexOf(VALUE_MARK)
  return { stdout: stdout.slice(0, mark), stderr, value: stdout.slice(mark + VALUE_MARK.length) }
}

/** An answer of the API that is an error (`{code, message}`), or an HTTP status outside 2xx with -i. */
function failureIn (stdout: string): string | undefined {
  const status = /^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1]
  if (status !== undefined) return status.startsWith('2') ? undefined : `HTTP ${status}`
  const text = stdout.trim()
  if (!text.startsWith('{')) return undefined
  const body = JSON.parse(text) as { code?: unknown, message?: unknown }
  return typeof body.code === 'string' && typeof body.message === 'string' ? `${body.code}: ${body.message}` : undefined
}

describe.skipIf(missing.length > 0)('npm start prints commands that work as printed', () => {
  it('runs every printed command in order, each doing what its text says', async () => {
    const commands = commandsOf(printed)
    // The guide covers every federated system's search, the operator, the fault and its undo, and the CLI.
    for (const system of SYSTEMS) expect(commands.some(c => c.endsWith(system.paths.search))).toBe(true)
    expect(commands.filter(c => c.includes('"fault":')).length).toBe(2)
    expect(commands.some(c => c.startsWith('  OPTOKEN='))).toBe(true)
    expect(commands.some(c => c.includes('see-auth'))).toBe(true)
    expect(commands.some(c => c.includes('/consulta/'))).toBe(true)
    // …and filing an anonymous denuncia, then asking its status with the folio and code it returned.
    const filing = commands.find(c => c.startsWith('  ACUSE=') && c.includes(intake.path))
    expect(filing, printed).toBeDefined()
    expect(commands.indexOf(filing!)).toBeLessThan(commands.findIndex(c => c.includes(intake.trackingPath) && c.includes('$ACUSE')))
    const filed = JSON.parse(/-d '(\{[^']*\})'/.exec(filing!)![1]!) as { ente: string, anonima: boolean, denunciante?: unknown }
    expect(filed).toMatchObject({ anonima: true })
    expect(filed.denunciante).toBeUndefined()

    const variables: Record<string, string> = {}
    let faulted: string | undefined
    let receipt: { folio: string, codigoSeguimiento: string } | undefined
    for (const command of commands) {
      const outcome = await shell(command, variables)
      const where = `\n${command}\n→ ${outcome.stdout.slice(0, 500)}${outcome.value ?? ''}${outcome.stderr}`
      expect(outcome.stderr, where).toBe('')
      if (outcome.value !== undefined) {
        const name = /^ {2}([A-Z_]+)=/.exec(command)![1]!
        variables[name] = outcome.value
        if (name !== 'ACUSE') {
          // A token: a compact JWS, never "undefined" from an error answer.
          expect(outcome.value, where).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
          continue
        }
        // The receipt, shown to the person as well: a new folio and its tracking code.
        receipt = JSON.parse(outcome.value)
        expect(receipt, where).toEqual({ folio: expect.stringMatching(new RegExp(`^${intake.folioPrefix}-`)), codigoSeguimiento: expect.any(String), recibidaEn: expect.any(String), repetida: false })
        expect(outcome.stdout.trim(), where).toBe(outcome.value.trim())
        continue
      }
      expect(outcome.stdout.trim(), where).not.toBe('')
      expect(failureIn(outcome.stdout), where).toBeUndefined()
      const fault = /"fault":"([\w-]+)"\}' \S+\/providers\/(\S+)$/.exec(command)
      if (fault !== null) {
        // The control API answers the ente's new state, and never its secrets.
        expect(JSON.parse(outcome.stdout), where).toMatchObject({ clave: fault[2], fault: fault[1] })
        expect(outcome.stdout, where).not.toMatch(/"(credentials|password|clientSecret|staticToken)"/)
        faulted = fault[1] === 'none' ? undefined : fault[2]
      } else if (faulted !== undefined) {
        // The query printed after the fault shows it: headers visible, the ente named.
        expect(outcome.stdout, where).toMatch(new RegExp(`^x-see-incomplete: .*\\b${faulted}=`, 'mi'))
      }
      // The portal's page of the first query, as a person sees it: records found across the entes.
      if (command.includes('/consulta/')) expect(outcome.stdout.trim(), where).toMatch(/^Registros 1 a \d+ de \d+$/)
      if (command.includes('see-auth')) expect(outcome.stdout, where).toMatch(/^see-operador\t.*registry:admin/m)
      // The status of that denuncia, to its folio and code: before or after the ente acknowledged it.
      if (command.includes(intake.trackingPath)) expect(JSON.parse(outcome.stdout), where).toMatchObject({ folio: receipt!.folio, ente: filed.ente, estado: expect.stringMatching(/^(recibida|entregada)$/) })
      if (command.includes('/registro/v1/conexiones')) expect(JSON.parse(outcome.stdout), where).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 'produccion' })]))
    }
  }, 240_000)
})
