import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { HostCall, HostReady, HostReply, HostRequest } from './protocol.js'

export class HostError extends Error {
  readonly code = 'BENCH_HOST_FAILED'
}

/** The parent's side of the federation host: one child process for the whole run. */
export class FederationHost {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (value: unknown) => void, reject: (err: Error) => void }>()

  private constructor (private readonly child: ChildProcess) {
    child.on('message', (message: HostReply | HostReady) => {
      if ('ready' in message) return
      const waiting = this.pending.get(message.id)
      if (!waiting) return
      this.pending.delete(message.id)
      if (message.ok) waiting.resolve(message.value)
      else waiting.reject(new HostError(message.error))
    })
    child.on('exit', (code, signal) => {
      for (const waiting of this.pending.values()) waiting.reject(new HostError(`the federation host exited (${signal ?? code})`))
      this.pending.clear()
    })
  }

  /** Forks the host (TypeScript through tsx) and waits until its database is open. */
  static async start (): Promise<FederationHost> {
    const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [], {
      // BENCH_HOST_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the federation host alone.
      execArgv: ['--import', 'tsx', ...(process.env.BENCH_HOST_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced'
    })
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: HostReply | HostReady) => { if ('ready' in message) resolve() })
      child.once('exit', code => reject(new HostError(`the federation host exited before it was ready (${code})`)))
    })
    await ready
    return new FederationHost(child)
  }

  /** The host's process id (its memory is sampled from /proc by the bulk scenario). */
  get pid (): number | undefined {
    return this.child.pid
  }

  async call<T> (call: HostCall): Promise<T> {
    const id = this.nextId++
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }))
    this.child.send({ id, call } satisfies HostRequest)
    return await answer as T
  }

  /** Closes the running federation and the database; returns the host's warning summary. */
  async shutdown (): Promise<string[]> {
    if (this.child.exitCode !== null) return []
    const exited = once(this.child, 'exit')
    const summary = await this.call<string[]>({ op: 'shutdown' })
    await exited
    return summary
  }

  /** Last resort when the run itself failed. */
  kill (): void {
    if (this.child.exitCode === null) this.child.kill()
  }
}
