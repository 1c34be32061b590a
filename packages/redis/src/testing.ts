import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'

// Redis for integration tests: the machine's Redis (REDIS_URL), shared by the "instances" a test
// builds, and private redis-server processes a test starts, kills and starts again.

function redact (url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//')
}

async function redisAnswers (url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    return await client.ping() === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/** Missing test infrastructure: an error under `CI=true`, a printed reason and a skip elsewhere. */
function unavailable (testFile: string, what: string): false {
  if (process.env.CI === 'true') throw new Error(`${what}; CI needs it for ${testFile}`)
  console.warn(`[${testFile}] ${what}: its Redis cases are skipped`)
  return false
}

/**
 * Set by the test run's global setup (test/support/global-setup.ts): the Redis every test file
 * uses, or `none`. Without it (another runner), each file looks for one itself.
 */
export const TEST_REDIS_ENV = 'SEE_TEST_REDIS'

/** A service the tests use: where it answers (undefined: nowhere) and how to stop what was started for it. */
export interface TestRedis {
  url: string | undefined
  stop: () => Promise<void>
}

const NOTHING_TO_STOP = async (): Promise<void> => {}

function configuredUrl (): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/**
 * The Redis for a test run: `REDIS_URL`, else 127.0.0.1:6379, else a throwaway container where a
 * container runtime answers. testcontainers (a development dependency) is loaded only when the
 * machine's Redis does not answer.
 */
export async function startTestRedis (): Promise<TestRedis> {
  const url = configuredUrl()
  if (await redisAnswers(url)) return { url, stop: NOTHING_TO_STOP }
  try {
    const { GenericContainer, Wait } = await import('testcontainers')
    const started = await new GenericContainer('redis:7')
      .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
      .start()
    return { url: `redis://${started.getHost()}:${started.getMappedPort(6379)}`, stop: async () => { await started.stop() } }
  } catch {
    return { url: undefined, stop: NOTHING_TO_STOP }
  }
}

let ownRedis: Promise<TestRedis> | undefined

/**
 * The Redis tests use: what the global setup found (see `startTestRedis`), else this file's own
 * search; see `unavailable` when none answers.
 */
export async function redisForTests (testFile: string): Promise<string | undefined> {
  const resolved = process.env[TEST_REDIS_ENV]
  let url: string | undefined
  if (resolved !== undefined) {
    url = resolved === 'none' ? undefined : resolved
  } else {
    ownRedis ??= startTestRedis()
    url = (await ownRedis).url
  }
  if (url !== undefined) return url
  unavailable(testFile, `Redis does not answer at ${redact(configuredUrl())} and no container runtime is available`)
  return undefined
}

/** Whether this machine can start its own `redis-server` (see `unavailable`). */
export function redisServerAvailable (testFile: string): boolean {
  if (spawnSync('redis-server', ['--version']).status === 0) return true
  return unavailable(testFile, 'redis-server is not installed')
}

/** A key prefix no other test run uses. */
export function uniquePrefix (): string {
  return `see-test:${randomBytes(6).toString('hex')}:`
}

async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no TCP port')
  return address.port
}

async function spawnRedis (port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on port ${port} not ready: ${output}`)), 10_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', code => {
      clearTimeout(timer)
      reject(new Error(`redis-server on port ${port} exited with ${code}: ${output}`))
    })
  })
  child.stdout?.resume()
  child.stderr?.resume()
  return child
}

/** A redis-server of the test's own, without persistence, on a free port of 127.0.0.1. */
export interface PrivateRedis {
  url: string
  port: number
  /** Kills the process (SIGKILL, as a crash would) and waits until it is gone. */
  stop: () => Promise<void>
  /** Starts it again, empty, on the same port. */
  restart: () => Promise<void>
}

export async function startPrivateRedis (): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | undefined = await spawnRedis(port)
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop () {
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
      child = undefined
    },
    async restart () {
      child = await spawnRedis(port)
    }
  }
}
