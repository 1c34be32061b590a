import type { EnteDirectory, EnteEntry } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import type { FederationCache } from '../cache/index.js'
import type { MergeAdmission } from './admission.js'
import type { SortedPrefixes } from './sorted-prefixes.js'
import type { CallContext, SystemPort } from '../upstream/service-client.js'
import type { Deadline } from './deadline.js'
import type { NormalizedSearch } from './normalize.js'

export interface FederationSettings {
  /** Budget of a whole PDN request, below the PDN's 4 s data timeout. */
  deadlineMs: number
  /** Share of the remaining budget the count round may use, leaving time for the page round. */
  countRoundShare: number
  /** Whether whole pages are cached (off for uncached benchmarks; counts follow their own TTL). */
  pageCache: boolean
  /** Records a sorted page may merge past before its own without taking from the merge budget. */
  sortedFreeDepth: number
  /** Records of deep sorted merging admitted at once (see `admission.ts`). */
  sortedMergeBudget: number
}

export const defaultFederationSettings: FederationSettings = {
  deadlineMs: 3500,
  countRoundShare: 0.45,
  pageCache: true,
  sortedFreeDepth: 2000,
  sortedMergeBudget: 60_000
}

/** Everything one system's federation works with: the same engine for every system, over its profile. */
export interface SystemFederation {
  system: SystemProfile
  directory: EnteDirectory
  service: SystemPort
  cache: FederationCache
  /** Sorted records earlier pages fetched past their frontier, per ente, query and sort. */
  prefixes: SortedPrefixes
  /** The budget of deep sorted merging, shared by every system of the gateway. */
  admission: MergeAdmission
  settings: FederationSettings
}

/** Everything one federated query works with. */
export interface SearchRound {
  system: SystemProfile
  entes: EnteEntry[]
  request: NormalizedSearch
  service: SystemPort
  cache: FederationCache
  prefixes: SortedPrefixes
  admission: MergeAdmission
  /** The calling client (its token's `client_id`), for its share of the merge budget. */
  client?: string
  /** Cache key of each ente's count for this query, under the ente's current generation. */
  countKeys: Map<string, string>
  settings: FederationSettings
  deadline: Deadline
  requestId: string
  /**
   * The answer goes to a client without the system's privileged scope, and the system has private
   * fields: its records come without them (and are held apart from whole ones). False for a system
   * with none, whose public and privileged answers are the same.
   */
  publicOnly: boolean
}

/**
 * A call of the round to the system's service, within `timeoutMs`. A public answer's call names the
 * private fields as this gateway has them (the profile's, or `PRIVATE_FIELDS`): the service removes those.
 */
export function serviceCall (round: SearchRound, timeoutMs: number, requestId = round.requestId): CallContext {
  return { requestId, timeoutMs, ...(round.publicOnly && { privateFields: round.system.privateFields }) }
}
