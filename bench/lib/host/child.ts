import { createClient } from '@see/auth'
import { startTracing, type Tracing } from '@see/kit'
import type { SpanExporter } from '@opentelemetry/sdk-trace-base'
import { databaseOptionsFromEnv, openDatabase } from '@see/db'
import { startFederation, type ExternalEnte, type ExternalFederation, type FederationOptions, type RunningFederation } from '@see/demo'
import { defaultFleet } from '@see/ente-simulator'
import { systemById } from '@see/systems'
import { collectWarnings } from '../warnings.js'
import { forgetRedisKeys } from './redis-keys.js'
import type { FederationInfo, HostCall, HostedOptions, HostReady, HostReply, HostRequest } from './protocol.js'

// The federation host: a child process of `pnpm bench` that runs one federation at a time on one
// database opened for the whole run, steered by the parent over IPC.

const warnings = collectWarnings(line => console.log(line))
const database = await openDatabase(databaseOptionsFromEnv())
let current: { federation: ExternalFederation, redisPrefix?: string } | undefined
let tracing: Tracing | undefined

// What tracing costs the processes, without a collector's network in the figures: spans are made,
// batched and handed over as in production, then dropped.
const droppingExporter: SpanExporter = {
  export: (_spans, done) => { done({ code: 0 }) },
  shutdown: async () => {}
}

/** The running federation's own simulated entes (`--same-process`); otherwise the parent steers them. */
function running (): RunningFederation {
  if (!current) throw new Error('no federation is running')
  if (!('simulator' in current.federation)) throw new Error('the simulated entes of this federation run in another process')
  return current.federation as RunningFederation
}

/**
 * The federation's own options: the systems' profiles for their ids and, with a count of entes and
 * some systems named, a fleet that serves those systems alone.
 */
function federationOptions ({ systems: ids, tracing: _tracing, ...options }: HostedOptions): Omit<FederationOptions, 'database'> {
  if (ids === undefined) return options
  const systems = ids.map(systemById)
  if (typeof options.entes !== 'number') return { ...options, systems }
  const entes = defaultFleet(options.entes, {
    size: options.size ?? 100,
    systems: ids,
    ...(options.latencyMs !== undefined && { latencyMs: options.latencyMs }),
    ...(options.jitterMs !== undefined && { jitterMs: options.jitterMs }),
    ...(options.directusEntes !== undefined && { directusEntes: options.directusEntes })
  })
  return { ...options, entes, systems }
}

async function start (options: HostedOptions, externalEntes: ExternalEnte[] | undefined): Promise<FederationInfo> {
  // Before the servers are built, as the processes do.
  if (options.tracing === true) tracing = startTracing({ serviceName: 'bench', exporter: droppingExporter, processor: 'batch' })
  if (externalEntes === undefined) {
    const federation = await startFederation({ ...federationOptions(options), database })
    current = { federation, ...(options.redisPrefix !== undefined && { redisPrefix: options.redisPrefix }) }
    const entes = federation.simulator.providers.map(p => ({ clave: p.clave, url: p.url, tokenUrl: p.tokenUrl, credentials: { ...p.credentials } }))
    return { gatewayUrl: federation.gatewayUrl, credentials: federation.credentials, entes }
  }
  const { entes: _entes, size: _size, latencyMs: _latencyMs, jitterMs: _jitterMs, controlPort: _controlPort, directusEntes: _directusEntes, ...common } = federationOptions(options)
  const federation = await startFederation({ ...common, externalEntes, database })
  current = { federation, ...(options.redisPrefix !== undefined && { redisPrefix: options.redisPrefix }) }
  return { gatewayUrl: federation.gatewayUrl, credentials: federation.credentials, entes: externalEntes }
}

async function closeCurrent (): Promise<void> {
  const running = current
  current = undefined
  if (running !== undefined) {
    if (running.redisPrefix !== undefined) await forgetRedisKeys(running.federation, running.redisPrefix).catch(() => {})
    await running.federation.close()
  }
  await tracing?.shutdown()
  tracing = undefined
}

async function handle (call: HostCall): Promise<unknown> {
  switch (call.op) {
    case 'start': {
      await closeCurrent()
      return await start(call.options, call.externalEntes)
    }
    case 'cpuMs': {
      const { user, system } = process.cpuUsage()
      return (user + system) / 1000
    }
    case 'dataCalls':
      return running().simulator.providers.reduce((sum, p) => sum + p.counters.data, 0)
    case 'resetCounters':
      for (const provider of running().simulator.providers) provider.resetCounters()
      return null
    case 'setFault': {
      const provider = running().simulator.providers[call.ente]
      if (!provider) throw new Error(`no simulated ente at index ${call.ente}`)
      await provider.setFault(call.fault)
      return null
    }
    case 'createClient': {
      if (!current) throw new Error('no federation is running')
      const { client } = call
      return (await createClient(current.federation.platform.store, { name: `bench ${client.clientId}`, ...client })).secret
    }
    case 'close':
      await closeCurrent()
      return null
    case 'shutdown':
      await closeCurrent()
      await database.close()
      return warnings.summary()
  }
}

function reply (message: HostRequest, answer: HostReply): void {
  process.send!(answer, undefined, undefined, () => {
    if (message.call.op === 'shutdown') process.disconnect()
  })
}

process.on('message', (message: HostRequest) => {
  handle(message.call).then(
    value => reply(message, { id: message.id, ok: true, value }),
    (err: unknown) => reply(message, { id: message.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) })
  )
})
// The parent went away (finished or crashed): nothing here is worth keeping.
process.on('disconnect', () => {
  closeCurrent().then(() => process.exit(0), () => process.exit(1))
})
process.send!({ ready: true } satisfies HostReady)
