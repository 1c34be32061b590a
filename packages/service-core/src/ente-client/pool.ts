import { Pool } from 'undici'
import type { EnteConnection } from '@see/openapi/types'
import { guardedConnector, type UrlPolicy } from '@see/registry'

/** Defaults of `ConnectionTimeouts` in the internal contract, for connections that omit them. */
export const DEFAULT_TIMEOUTS = { connectMs: 1000, headersMs: 3000, bodyMs: 3000 } as const
export const DEFAULT_MAX_CONNECTIONS = 16

export interface EffectiveTimeouts {
  connectMs: number
  headersMs: number
  bodyMs: number
}

export function timeoutsOf (connection: EnteConnection): EffectiveTimeouts {
  return { ...DEFAULT_TIMEOUTS, ...connection.timeouts }
}

/**
 * One undici pool per ente and origin (an ente's token server may live on another origin than
 * its API), created on first use and kept for reuse of keep-alive connections. Redirects are
 * never followed (a bare Pool has no redirect interceptor) and TLS verification stays on. With a
 * URL policy every new connection goes through the SSRF guard (scheme, and the resolved address
 * checked at connect time, against DNS rebinding).
 */
export class EntePools {
  private readonly pools = new Map<string, Pool>()

  constructor (private readonly urlPolicy?: UrlPolicy) {}

  poolFor (clave: string, url: URL, connection: EnteConnection): Pool {
    const key = `${clave} ${url.origin}`
    let pool = this.pools.get(key)
    if (pool === undefined) {
      const timeouts = timeoutsOf(connection)
      const connect = { timeout: timeouts.connectMs }
      pool = new Pool(url.origin, {
        connections: connection.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        connect: this.urlPolicy === undefined ? connect : guardedConnector(this.urlPolicy, { connect }),
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs
      })
      this.pools.set(key, pool)
    }
    return pool
  }

  get size (): number {
    return this.pools.size
  }

  async closeAll (): Promise<void> {
    const pools = [...this.pools.values()]
    this.pools.clear()
    // close lets in-flight calls finish; each is bounded by its batch deadline.
    await Promise.all(pools.map(async pool => await pool.close()))
  }
}
