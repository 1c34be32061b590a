import type { ExternalEnte, FederationOptions } from '@see/demo'
import type { SystemId } from '@see/systems'

/** The fleet of one benchmark federation, as `startFederation` takes it, and the systems its entes serve (all when absent). */
export type FleetOptions = Pick<FederationOptions, 'entes' | 'size' | 'latencyMs' | 'jitterMs'> & { systems?: SystemId[] }

/** The one message the simulator process gets: what to start. */
export interface SimulatorStart {
  fleet: FleetOptions
}

/**
 * Its one answer: where its control server listens and the entes to register (with their
 * credentials, which the control server never shows), or why it could not start.
 */
export type SimulatorReply =
  | { ok: true, controlUrl: string, entes: ExternalEnte[] }
  | { ok: false, error: string }
