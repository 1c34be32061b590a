import type { Dependencia, PsancionadosRecord, SpicRecord, SsancionadosRecord } from '@see/openapi/types'
import type { AnyRecord, SystemId } from '@see/systems'

/** The provider generations a simulated ente can speak. */
export type ProviderProtocol = 'sesna-v1' | 'directus-v2' | 'ocds-releases'

/** Misbehaviours a provider can be switched to (see provider/faults.ts for what each one does). */
export const FAULTS = ['none', 'down', 'hang', 'slow-body', 'error-500', 'malformed-json', 'wrong-shape', 'expired-token', 'huge-body'] as const
export type Fault = typeof FAULTS[number]

/** Semantic defects a provider can be switched to (see provider/defects.ts): healthy-looking answers that break the standard. */
export const DEFECTS = ['none', 'accent-sensitive', 'enye-folded', 'wrong-total', 'unstable-order', 'wrong-sort', 'bad-error-body', 'slow-token', 'no-auth'] as const
export type Defect = typeof DEFECTS[number]

/** An institution whose public servants a provider publishes. */
export type Institucion = Required<SpicRecord['institucionDependencia']>

/** A record planted in a provider's data; missing fields are generated. */
export type ExtraRecord = Partial<SpicRecord>

/** An S3S record planted in a provider's data; `servidorPublicoSancionado` merges field by field with the generated one. */
export type ExtraSancionado = Partial<Omit<SsancionadosRecord, 'servidorPublicoSancionado'>> & {
  servidorPublicoSancionado?: Partial<SsancionadosRecord['servidorPublicoSancionado']>
}

/** An S3P record planted in a provider's data; `particularSancionado` merges field by field with the generated one. */
export type ExtraParticular = Partial<Omit<PsancionadosRecord, 'particularSancionado'>> & {
  particularSancionado?: Partial<PsancionadosRecord['particularSancionado']>
}

/** What a client needs to get a token (password grant, as the PDN uses it). */
export interface ProviderCredentials {
  clientId: string
  clientSecret: string
  username: string
  password: string
}

/** Requests a provider received, by route, since start or the last reset (every system together). */
export interface ProviderCounters {
  token: number
  data: number
  dependencias: number
}

/** Requests one system's routes of a provider received since start or the last reset. */
export interface SystemCounters {
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
  /**
   * Systems served, each at its standard's paths (`profile.paths`) on the same server, token
   * endpoint, faults and latency. Default: S2 alone.
   */
  systems?: SystemId[]
  /**
   * The provider generation it speaks: `sesna-v1` (default; the standard's REST paths, OAuth2) or
   * `directus-v2` (SESNA's Directus capture tools: `GET /items/<collection>` with a static token,
   * the same records written as v2 items).
   */
  protocol?: ProviderProtocol
  /** Number of generated records of each system (extra records come on top). */
  size: number
  /** A different number of generated records for some systems. */
  sizes?: Partial<Record<SystemId, number>>
  /** Seed of the data generator; defaults to a hash of `clave`. */
  seed?: number
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number
  latencyMs?: number
  /** Up to this many ms added at random to `latencyMs`. */
  jitterMs?: number
  fault?: Fault
  /** A semantic defect of its sesna-v1 routes (default `none`). */
  defect?: Defect
  credentials?: Partial<ProviderCredentials>
  /** Institutions the generated records belong to; defaults to one made of clave, nombre and siglas. */
  instituciones?: Institucion[]
  /** S2 records added to the generated ones (ids default to the next free numbers). */
  extraRecords?: ExtraRecord[]
  /**
   * Records added to the generated ones of any system (`ExtraRecord`, `ExtraSancionado`,
   * `ExtraParticular`…); for S2 they come after `extraRecords`.
   */
  extraRecordsBySystem?: Partial<Record<SystemId, readonly AnyRecord[]>>
  tokenTtlSeconds?: number
  slowBody?: SlowBodyOptions
  /** Size in bytes of the `huge-body` answer (default 20 MiB). */
  hugeBodyBytes?: number
  /** Misbehaves: answers private fields (the profile's `privateFields`) to callers without `rfcSolicitante` (default false). */
  leaksPrivateFields?: boolean
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
  /** The systems it serves, in the order given. */
  readonly systems: readonly SystemId[]
  readonly protocol: ProviderProtocol
  /** The static token of a `directus-v2` provider (its read-only `Api-Interconexion` role). */
  readonly staticToken: string
  /** Every S2 record, in the provider's fixed (by id) order; empty when it does not serve S2. */
  readonly records: readonly SpicRecord[]
  /** The S2 institutions; empty when it does not serve S2. */
  readonly dependencias: readonly Dependencia[]
  /** Every record of a system it serves, in the fixed (by id) order; throws for another system. */
  recordsOf: (system: SystemId) => readonly AnyRecord[]
  /** What `…/dependencias` of a system it serves answers; throws for another system. */
  dependenciasOf: (system: SystemId) => readonly Dependencia[]
  /** A snapshot of one system's request counters. */
  countersOf: (system: SystemId) => SystemCounters
  /** Filings received for a system that takes them (S5): kept once per Idempotency-Key, and every call. */
  filingsOf: (system: SystemId) => { kept: ReadonlyMap<string, unknown>, calls: number }
  readonly fault: Fault
  readonly latencyMs: number
  readonly jitterMs: number
  /** A snapshot of the request counters, every system together. */
  readonly counters: ProviderCounters
  readonly defect: Defect
  /** Switches the semantic defect (at once). */
  setDefect: (defect: Defect) => void
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
