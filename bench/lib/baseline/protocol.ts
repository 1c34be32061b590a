import type { EnteInfo } from '../host/protocol.js'

/** The one message the baseline process gets: the entes it calls and the search path they serve. */
export interface BaselineStart {
  entes: EnteInfo[]
  /** The system's search path on every ente (the profile's `paths.search`). */
  searchPath: string
  /** Bound of one ente call, as an HTTP client's timeout (the national backend's axios default is none). */
  timeoutMs: number
}

export type BaselineReply =
  | { ok: true, url: string }
  | { ok: false, error: string }

/** One row of the baseline's counts-only summary. */
export interface BaselineSummaryRow {
  supplier_id: string
  totalRows?: number
  error?: string
}
