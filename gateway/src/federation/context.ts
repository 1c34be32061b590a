import type { EnteEntry } from '@see/registry'
import type { Cache } from '../cache/cache.js'
import type { S2Port } from '../upstream/s2-client.js'
import type { Deadline } from './deadline.js'
import type { NormalizedSpicRequest } from './normalize.js'

export interface SpicFederationSettings {
  /** Budget of a whole PDN request, below the PDN's 4 s data timeout. */
  deadlineMs: number
  /** Share of the remaining budget the count round may use, leaving time for the page round. */
  countRoundShare: number
  /** How long a per-ente count for a query is trusted. */
  countTtlMs: number
  /** How long an ente's dependencias are trusted. */
  dependenciasTtlMs: number
  /** Deepest record reachable with `sort` (page × pageSize). */
  maxSortedWindow: number
}

export const defaultSpicSettings: SpicFederationSettings = {
  deadlineMs: 3500,
  countRoundShare: 0.45,
  countTtlMs: 30_000,
  dependenciasTtlMs: 300_000,
  maxSortedWindow: 2000
}

/** Everything one federated S2 query works with. */
export interface SpicRound {
  entes: EnteEntry[]
  request: NormalizedSpicRequest
  s2: S2Port
  cache: Cache
  settings: SpicFederationSettings
  deadline: Deadline
  requestId: string
}
