import type { Dependencia, SpicRecord } from '@see/openapi/types'

/** Misbehaviours a provider can be switched to (see provider/faults.ts for what each one does). */
export const FAULTS = ['none', 'down', 'hang', 'slow-body', 'error-500', 'malformed-json', 'wrong-shape', 'expired-token', 'huge-body'] as const
export type Fault = typeof FAULTS[number]

/** An institution whose public servants a provider publishes. */
export type Institucion = Required<SpicRecord['institucionDependencia']>

/** A record planted in a provider's data; missing fields are generated. */
export type ExtraRecord = Partial<SpicRecord>

/** What a client needs to get a token (password grant, as the PDN uses it). */
export interface ProviderCredentials {
  clientId: string
  clientSecret: string
  username: string
  password: string
}

/** Requests a provider received, by route, since start or the last reset. */
export interface ProviderCounters {
  token: number
  data: number
  dependencias: number
}

export interface SlowBodyOptions {
  /** Bytes written per tick (default 32). */
  chunkBytes?: number
  /** Pause between ticks in ms (default 250). */
  intervalMs?: number
}

export interface ProviderOptions {
  /** The ente's key in the registry (`^[A-Za-z0-9_-]{1,40}$`). */
  clave: string
  nombre: string
  siglas?: string
  /** Number of generated records (extra records come on top). */
  size: number
  /** Seed of the data generator; defaults to a hash of `clave`. */
  seed?: number
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number
  latencyMs?: number
  /** Up to this many ms added at random to `latencyMs`. */
  jitterMs?: number
  fault?: Fault
  credentials?: Partial<ProviderCredentials>
  /** Institutions the generated records belong to; defaults to one made of clave, nombre and siglas. */
  instituciones?: Institucion[]
  /** Records added to the generated ones (ids default to the next free numbers). */
  extraRecords?: ExtraRecord[]
  tokenTtlSeconds?: number
  slowBody?: SlowBodyOptions
  /** Size in bytes of the `huge-body` answer (default 20 MiB). */
  hugeBodyBytes?: number
}

/** A running simulated provider and the handles a test uses to steer it. */
export interface SimulatedProvider {
  readonly clave: string
  readonly nombre: string
  readonly siglas: string
  /** Base URL, e.g. `http://127.0.0.1:40123`; the standard's paths go after it. */
  readonly url: string
  readonly tokenUrl: string
  readonly port: number
  readonly credentials: Readonly<ProviderCredentials>
  /** Every record, in the provider's fixed (by id) order. */
  readonly records: readonly SpicRecord[]
  readonly dependencias: readonly Dependencia[]
  readonly fault: Fault
  readonly latencyMs: number
  readonly jitterMs: number
  /** A snapshot of the request counters. */
  readonly counters: ProviderCounters
  /** Switches the fault; resolves once `down` stopped listening or listening resumed. */
  setFault: (fault: Fault) => Promise<void>
  setLatency: (ms: number, jitterMs?: number) => void
  resetCounters: () => void
  /** Makes every token issued so far expired (the next data call with it answers 401). */
  expireTokens: () => void
  close: () => Promise<void>
}

export interface SimulatorOptions {
  /** Interface every server listens on (default 127.0.0.1). */
  host?: string
  /** Port of the control server (default 0: a free one). */
  controlPort?: number
  /** Pino level of every server (default `warn`, so tests and demos stay quiet). */
  logLevel?: string
  providers: ProviderOptions[]
}

export interface Simulator {
  readonly providers: SimulatedProvider[]
  readonly controlUrl: string
  /** The provider with that clave, or an error naming it. */
  provider: (clave: string) => SimulatedProvider
  close: () => Promise<void>
}
