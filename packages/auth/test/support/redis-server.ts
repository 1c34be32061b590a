import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'

// A redis-server of the test's own (no persistence, random free port) that the test can kill and
// start again, to play a Redis outage against the authorization server.

export function redisServerInstalled (): boolean {
  return spawnSync('redis-server', ['--version']).status === 0
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

export interface OwnRedis {
  port: number
  /** Kills the server as a crash would (SIGKILL) and waits until it is gone. */
  kill: () => Promise<void>
  /** Starts it again, empty, on the same port. */
  restart: () => Promise<void>
  /** A client tuned as the gateway's: no offline queue, no retries, quick reconnection. */
  client: () => Redis
}

export async function startOwnRedis (): Promise<OwnRedis> {
  const port = await freePort()
  let child: ChildProcess | undefined = await spawnRedis(port)
  return {
    port,
    async kill () {
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
      child = undefined
    },
    async restart () {
      child = await spawnRedis(port)
    },
    client () {
      const redis = new Redis({ host: '127.0.0.1', port, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500, connectTimeout: 1000, retryStrategy: () => 50 })
      redis.on('error', () => {})
      return redis
    }
  }
}

/** Resolves once the client reaches `status` (ioredis reports connection changes as events). */
export async function clientStatus (redis: Redis, status: 'ready' | 'down'): Promise<void> {
  const reached = (): boolean => status === 'ready' ? redis.status === 'ready' : redis.status !== 'ready'
  while (!reached()) await new Promise(resolve => setTimeout(resolve, 20))
}
