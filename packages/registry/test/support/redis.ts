import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { Redis } from 'ioredis'

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Whether the machine's Redis answers; under `CI=true` a silent Redis is an error, elsewhere its cases are skipped. */
export async function redisAvailable (testFile: string): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    if (await client.ping() === 'PONG') return true
  } catch {
  } finally {
    client.disconnect()
  }
  const where = TEST_REDIS_URL.replace(/\/\/[^@/]*@/, '//')
  if (process.env.CI === 'true') throw new Error(`Redis does not answer at ${where}; CI needs it for ${testFile}`)
  console.warn(`[${testFile}] Redis does not answer at ${where}: its cases are skipped`)
  return false
}

/** A client as the services open it (commands fail fast while disconnected, reconnection in the background). */
export function testRedis (url = TEST_REDIS_URL): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: times => Math.min(times * 50, 200) })
  redis.on('error', () => {})
  return redis
}

export const uniqueChannel = (): string => `see-test:${randomBytes(6).toString('hex')}:registry:changes`

/** Whether this machine can start a `redis-server` of the test's own (an error under `CI=true` if not). */
export function redisServerAvailable (testFile: string): boolean {
  if (spawnSync('redis-server', ['--version']).status === 0) return true
  if (process.env.CI === 'true') throw new Error(`redis-server is not installed; CI needs it for ${testFile}`)
  console.warn(`[${testFile}] redis-server is not installed: its cases are skipped`)
  return false
}

export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

/** A private redis-server on `port`, without persistence; resolves when it accepts connections. */
export async function spawnRedisServer (port: number): Promise<{ stop: () => Promise<void> }> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server not ready: ${output}`)), 10_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}: ${output}`))
    })
  })
  child.stderr?.resume()
  return {
    async stop () {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
    }
  }
}
