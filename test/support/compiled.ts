import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { request } from 'undici'

// The production output run as an operator runs it: `node infra/see.mjs …` on the compiled
// JavaScript (`infra/build.mjs`), plain node with no tsx loader anywhere.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

/** Compiles every package to dist/ (the build's second half; the first is `pnpm typecheck`). */
export async function buildProduction (): Promise<void> {
  await run(process.execPath, ['infra/build.mjs'], { cwd: ROOT })
}

/** The environment of a compiled process: only what is given (no NODE_OPTIONS, so no tsx). */
function processEnv (env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }
}

/** Runs `node infra/see.mjs <args>` to its end; stdout, stderr and the exit code. */
export async function runCompiled (args: string[], env: Record<string, string>, input?: string): Promise<{ code: number, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, ['infra/see.mjs', ...args], { cwd: ROOT, env: processEnv(env) })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => { stdout += String(chunk) })
  child.stderr.on('data', chunk => { stderr += String(chunk) })
  child.stdin.end(input ?? '')
  const [code] = await once(child, 'exit') as [number]
  return { code, stdout, stderr }
}

export interface CompiledProcess {
  child: ChildProcess
  /** Everything it wrote, for the failure message. */
  output: () => string
  /** SIGTERM, and waits for the exit (a clean stop). */
  stop: () => Promise<void>
  /** SIGKILL, and waits for the exit: a crash, nothing of the process's own shutdown runs. */
  kill: () => Promise<void>
}

/** Starts a long-running compiled process (`gateway`, `service s2`). */
export function startCompiled (args: string[], env: Record<string, string>): CompiledProcess {
  const child = spawn(process.execPath, ['infra/see.mjs', ...args], { cwd: ROOT, env: processEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', chunk => { output += String(chunk) })
  child.stderr?.on('data', chunk => { output += String(chunk) })
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill(signal)
    await exited
  }
  return {
    child,
    output: () => output,
    stop: async () => { await end('SIGTERM') },
    kill: async () => { await end('SIGKILL') }
  }
}

/** `client_id: …` and `client_secret: …` from see-auth's output (`auth client create`). */
export function createdClient (stdout: string): { id: string, secret: string } {
  const id = /^client_id: (\S+)$/m.exec(stdout)?.[1]
  const secret = /^client_secret: (\S+)$/m.exec(stdout)?.[1]
  if (id === undefined || secret === undefined) throw new Error(`see-auth did not print a client:\n${stdout}`)
  return { id, secret }
}

/** A port free on 127.0.0.1 right now (the processes are given it through PORT). */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Waits until `url` answers 200, or the process ends (then fails with its output). */
export async function waitReady (url: string, process: CompiledProcess, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (process.child.exitCode !== null) throw new Error(`the process ended (${process.child.exitCode}):\n${process.output()}`)
    try {
      const response = await request(url)
      await response.body.dump()
      if (response.statusCode === 200) return
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${process.output()}`)
}
