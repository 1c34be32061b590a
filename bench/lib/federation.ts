import { randomBytes } from 'node:crypto'
import { passwordGrant } from '@see/demo'
import type { Fault } from '@see/ente-simulator'
import type { FederationInfo, HostedOptions } from './host/protocol.js'
import type { BenchContext } from './scenario.js'

/** 8 ms plus up to 4 ms at random: the 10 ± 2 ms per ente call. */
export const ENTE_LATENCY = { latencyMs: 8, jitterMs: 4 } as const

/** A federation running in the host process, as the scenarios see it. */
export interface BenchFederation extends FederationInfo {
  /** A fresh gateway token, asked for as the PDN does. */
  token: () => Promise<string>
  /** Data calls all simulated entes received since the last reset. */
  dataCalls: () => Promise<number>
  resetCounters: () => Promise<void>
  setFault: (ente: number, fault: Fault) => Promise<void>
}

/**
 * Runs `use` against a fresh federation in the host process and always closes it, so no
 * scenario leaks into the next.
 */
export async function withFederation<T> (context: BenchContext, options: HostedOptions, use: (federation: BenchFederation) => Promise<T>): Promise<T> {
  const { host } = context
  const info = await host.call<FederationInfo>({ op: 'start', options })
  const federation: BenchFederation = {
    ...info,
    token: async () => await passwordGrant(`${info.gatewayUrl}/oauth/token`, info.credentials),
    dataCalls: async () => await host.call<number>({ op: 'dataCalls' }),
    resetCounters: async () => { await host.call({ op: 'resetCounters' }) },
    setFault: async (ente, fault) => { await host.call({ op: 'setFault', ente, fault }) }
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
