import { defaultFleet, startSimulator, type Simulator } from '@see/ente-simulator'
import type { SimulatorReply, SimulatorStart } from './simulator-protocol.js'

// The simulated entes of one benchmark federation, in a process of their own so they do not share
// the federation's event loop. The parent steers them through the simulator's control server.

let simulator: Simulator | undefined

async function start ({ fleet }: SimulatorStart): Promise<SimulatorReply> {
  const providers = typeof fleet.entes === 'number'
    ? defaultFleet(fleet.entes, {
      size: fleet.size ?? 100,
      ...(fleet.latencyMs !== undefined && { latencyMs: fleet.latencyMs }),
      ...(fleet.jitterMs !== undefined && { jitterMs: fleet.jitterMs }),
      ...(fleet.systems !== undefined && { systems: fleet.systems })
    })
    : fleet.entes
  simulator = await startSimulator({ host: '127.0.0.1', providers })
  // Each ente is registered for the systems it serves (the registry assumes S2 alone otherwise).
  const entes = simulator.providers.map(({ clave, nombre, siglas, url, tokenUrl, credentials, systems }) => ({ clave, nombre, siglas, url, tokenUrl, credentials: { ...credentials }, systems: [...systems] }))
  return { ok: true, controlUrl: simulator.controlUrl, entes }
}

process.once('message', (message: SimulatorStart) => {
  start(message).then(
    reply => process.send!(reply),
    (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies SimulatorReply)
  )
})
// The parent closes the fleet by hanging up (or went away): nothing here is worth keeping.
process.on('disconnect', () => {
  const closing = simulator?.close() ?? Promise.resolve()
  closing.then(() => process.exit(0), () => process.exit(1))
})
