import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { HostError } from '../host/client.js'
import type { BaselineReply, BaselineStart } from './protocol.js'

/** The baseline server (see `child.ts`), in a child process of its own, as the national backend runs beside ours. */
export class BaselineProcess {
  private constructor (private readonly child: ChildProcess, readonly url: string) {}

  static async start (start: BaselineStart): Promise<BaselineProcess> {
    const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced'
    })
    try {
      const reply = await new Promise<BaselineReply>((resolve, reject) => {
        child.once('message', resolve)
        child.once('exit', code => reject(new HostError(`the baseline process exited before it was ready (${code})`)))
        child.send(start)
      })
      if (!reply.ok) throw new HostError(reply.error)
      return new BaselineProcess(child, reply.url)
    } catch (err) {
      if (child.exitCode === null) child.kill()
      throw err
    }
  }

  /** CPU time the baseline's process has used since it started, in ms. */
  async cpuMs (): Promise<number> {
    const response = await fetch(`${this.url}/cpu`)
    return (await response.json() as { ms: number }).ms
  }

  async close (): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = once(this.child, 'exit')
    this.child.disconnect()
    await exited
  }
}
