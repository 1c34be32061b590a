import type { DemoCredentials, ExternalEnte, FederationOptions } from '@see/demo'
import type { Fault, ProviderCredentials } from '@see/ente-simulator'
import type { SystemId } from '@see/systems'

// Messages between the benchmark (autocannon, in the parent process) and the federation host (the
// child process running the system services and gateway, and the simulated entes too with `--same-process`), so the
// load generator does not share an event loop with the servers it measures.

/**
 * Federation options that cross a process boundary (the host brings its own database and logger).
 * `systems` names the systems to federate (every federated one when absent); the simulated entes
 * then serve those alone, so one system's figures do not pay for another's data or onboarding.
 */
export type HostedOptions = Omit<FederationOptions, 'database' | 'databaseUrl' | 'logger' | 'systems'> & {
  systems?: SystemId[]
  /** OpenTelemetry tracing in the host process (gateway and services), spans batched to an exporter that drops them. */
  tracing?: boolean
}

export interface EnteInfo {
  clave: string
  url: string
  tokenUrl: string
  credentials: ProviderCredentials
}

export interface FederationInfo {
  gatewayUrl: string
  credentials: DemoCredentials
  entes: EnteInfo[]
}

export type HostCall =
  /** With `externalEntes`, the federation calls those (served by another process) instead of starting its own. */
  | { op: 'start', options: HostedOptions, externalEntes?: ExternalEnte[] }
  | { op: 'dataCalls' }
  /** CPU time the host process (gateway and system services) has used since it started, in ms. */
  | { op: 'cpuMs' }
  | { op: 'resetCounters' }
  | { op: 'setFault', ente: number, fault: Fault }
  /** Creates another OAuth2 client in the running federation's store; answers its secret. */
  | { op: 'createClient', client: BenchClient }
  | { op: 'close' }
  | { op: 'shutdown' }

/** A client the token scenarios add beside the PDN's (e.g. an attacker's own, valid client). */
export interface BenchClient {
  clientId: string
  scopes: string[]
  grants: Array<'password' | 'client_credentials' | 'refresh_token'>
}

export interface HostRequest {
  id: number
  call: HostCall
}

export type HostReply =
  | { id: number, ok: true, value: unknown }
  | { id: number, ok: false, error: string }

/** Sent once by the host when its database is open and it takes calls. */
export interface HostReady {
  ready: true
}
