import { randomBytes } from 'node:crypto'
import { passwordGrant } from '@see/demo'
import type { Fault } from '@see/ente-simulator'
import type { BenchClient, FederationInfo, HostedOptions } from './host/protocol.js'
import { SimulatorProcess } from './host/simulator.js'
import type { BenchContext } from './scenario.js'

/** 8 ms plus up to 4 ms at random: the 10 ± 2 ms per ente call. */
export const ENTE_LATENCY = { latencyMs: 8, jitterMs: 4 } as const

/** A federation running in the host process, as the scenarios see it. */
export interface BenchFederation extends FederationInfo {
  /** A fresh gateway token, asked for as the PDN does. */
  token: () => Promise<string>
  /** CPU time the federation's process (gateway and system service, not the entes) has used, in ms. */
  cpuMs: () => Promise<number>
  /** Data calls all simulated entes received since the last reset. */
  dataCalls: () => Promise<number>
  resetCounters: () => Promise<void>
  setFault: (ente: number, fault: Fault) => Promise<void>
  /** Adds a client to the federation's auth store; answers its secret. */
  createClient: (client: BenchClient) => Promise<string>
}

/**
 * Runs `use` against a fresh federation in the host process and always closes it, so no
 * scenario leaks into the next. Its simulated entes run in a process of their own (steered
 * through the simulator's control server) unless the run asked for `--same-process`.
 */
export async function withFederation<T> (context: BenchContext, options: HostedOptions, use: (federation: BenchFederation) => Promise<T>): Promise<T> {
  if (context.sameProcess) return await withHostedEntes(context, options, use)
  const { entes, size, latencyMs, jitterMs, systems } = options
  const simulator = await SimulatorProcess.start({ entes, size, latencyMs, jitterMs, ...(systems !== undefined && { systems }) })
  try {
    const { host } = context
    const info = await host.call<FederationInfo>({ op: 'start', options, externalEntes: simulator.entes })
    const federation: BenchFederation = {
      ...info,
      token: async () => await passwordGrant(`${info.gatewayUrl}/oauth/token`, info.credentials),
      cpuMs: async () => await host.call<number>({ op: 'cpuMs' }),
      dataCalls: async () => await simulator.dataCalls(),
      resetCounters: async () => await simulator.resetCounters(),
      setFault: async (ente, fault) => {
        const clave = simulator.entes[ente]?.clave
        if (clave === undefined) throw new Error(`no simulated ente at index ${ente}`)
        await simulator.setFault(clave, fault)
      },
      createClient: async client => await host.call<string>({ op: 'createClient', client })
    }
    try {
      return await use(federation)
    } finally {
      await host.call({ op: 'close' })
    }
  } finally {
    await simulator.close()
  }
}

/** The old layout: the federation host starts the simulated entes in its own process. */
async function withHostedEntes<T> (context: BenchContext, options: HostedOptions, use: (federation: BenchFederation) => Promise<T>): Promise<T> {
  const { host } = context
  const info = await host.call<FederationInfo>({ op: 'start', options })
  const federation: BenchFederation = {
    ...info,
    token: async () => await passwordGrant(`${info.gatewayUrl}/oauth/token`, info.credentials),
    cpuMs: async () => await host.call<number>({ op: 'cpuMs' }),
    dataCalls: async () => await host.call<number>({ op: 'dataCalls' }),
    resetCounters: async () => { await host.call({ op: 'resetCounters' }) },
    setFault: async (ente, fault) => { await host.call({ op: 'setFault', ente, fault }) },
    createClient: async client => await host.call<string>({ op: 'createClient', client })
  }
  try {
    return await use(federation)
  } finally {
    await host.call({ op: 'close' })
  }
}

/** Redis options for a federation with keys of its own, when REDIS_URL is set. */
export function benchRedis (): Pick<HostedOptions, 'redisUrl' | 'redisPrefix'> | undefined {
  const url = process.env.REDIS_URL
  if (!url) return undefined
  return { redisUrl: url, redisPrefix: `see-bench:${randomBytes(4).toString('hex')}:` }
}
