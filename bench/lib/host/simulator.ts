import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { ExternalEnte } from '@see/demo'
import type { Fault, ProviderView } from '@see/ente-simulator'
import { HostError } from './client.js'
import type { FleetOptions, SimulatorReply, SimulatorStart } from './simulator-protocol.js'

/**
 * The simulated entes of one federation, running in their own child process; counters and faults
 * go through the simulator's control server, as a person or a test would use it.
 */
export class SimulatorProcess {
  private constructor (private readonly child: ChildProcess, readonly controlUrl: string, readonly entes: ExternalEnte[]) {}

  /** Forks the simulator (TypeScript through tsx), starts the fleet and reads its providers. */
  static async start (fleet: FleetOptions): Promise<SimulatorProcess> {
    const child = fork(fileURLToPath(new URL('./simulator-child.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced'
    })
    try {
      const reply = await new Promise<SimulatorReply>((resolve, reject) => {
        child.once('message', resolve)
        child.once('exit', code => reject(new HostError(`the simulator process exited before it was ready (${code})`)))
        child.send({ fleet } satisfies SimulatorStart)
      })
      if (!reply.ok) throw new HostError(reply.error)
      return new SimulatorProcess(child, reply.controlUrl, reply.entes)
    } catch (err) {
      if (child.exitCode === null) child.kill()
      throw err
    }
  }

  /** Data calls all its entes received since the last reset. */
  async dataCalls (): Promise<number> {
    const views = await control<ProviderView[]>(this.controlUrl, 'GET', '/providers')
    return views.reduce((sum, view) => sum + view.counters.data, 0)
  }

  async resetCounters (): Promise<void> {
    await control(this.controlUrl, 'POST', '/counters/reset')
  }

  async setFault (clave: string, fault: Fault): Promise<void> {
    await control(this.controlUrl, 'PUT', `/providers/${encodeURIComponent(clave)}`, { fault })
  }

  /** Closes the fleet (the child closes its servers when the parent hangs up) and waits for the exit. */
  async close (): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = once(this.child, 'exit')
    this.child.disconnect()
    await exited
  }
}

async function control<T> (controlUrl: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${controlUrl}${path}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  })
  if (!response.ok) throw new HostError(`simulator control ${method} ${path}: ${response.status} ${await response.text()}`)
  return await response.json() as T
}
