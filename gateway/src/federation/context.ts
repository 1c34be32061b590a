import type { EnteEntry } from '@see/registry'
import type { FederationCache } from '../cache/index.js'
import type { SortedPrefixes } from './sorted-prefixes.js'
import type { S2Port } from '../upstream/s2-client.js'
import type { Deadline } from './deadline.js'
import type { NormalizedSpicRequest } from './normalize.js'

export interface SpicFederationSettings {
  /** Budget of a whole PDN request, below the PDN's 4 s data timeout. */
  deadlineMs: number
  /** Share of the remaining budget the count round may use, leaving time for the page round. */
  countRoundShare: number
  /** Whether whole pages are cached (off for uncached benchmarks; counts follow their own TTL). */
  pageCache: boolean
  /** Deepest record reachable with `sort` (page × pageSize). */
  maxSortedWindow: number
}

export const defaultSpicSettings: SpicFederationSettings = {
  deadlineMs: 3500,
  countRoundShare: 0.45,
  pageCache: true,
  maxSortedWindow: 2000
}

/** Everything one federated S2 query works with. */
export interface SpicRound {
  entes: EnteEntry[]
  request: NormalizedSpicRequest
  s2: S2Port
  cache: FederationCache
  /** Sorted records earlier pages fetched, per ente, query and sort. */
  prefixes: SortedPrefixes
  /** Cache key of each ente's count for this query, under the ente's current generation. */
  countKeys: Map<string, string>
  settings: SpicFederationSettings
  deadline: Deadline
  requestId: string
}
