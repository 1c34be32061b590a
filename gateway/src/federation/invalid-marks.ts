import type { FederationCache } from '../cache/index.js'
import { INVALID_RECORDS, type FailedEnte } from './outcomes.js'

// A summary asks each ente for its count alone, so it never sees the records a search page drops
// for not meeting the standard. The search pages that did drop some leave a mark per ente, for as
// long as a count is trusted, in the federation's store (Redis when configured, so every gateway
// instance sees the marks of every other); the summary names the marked entes as the pages did.

const MARK_KIND = 'invalid'

/** Marks the entes a page named `ENTE_INVALID_RECORDS`, for the count TTL; a lost write only loses the mark. */
export async function markInvalidRecords (cache: FederationCache, system: string, failed: readonly FailedEnte[]): Promise<void> {
  const entes = [...new Set(failed.filter(f => f.code === INVALID_RECORDS).map(f => f.ente))]
  if (entes.length === 0) return
  const ttlMs = cache.ttls(system).countTtlMs
  const keys = await cache.enteKeys(system, MARK_KIND, entes)
  await Promise.all(keys.map(async key => await cache.store.set(key, 1, ttlMs)))
}

/** The entes among `entes` whose recent search pages held invalid records, named as those pages named them. */
export async function invalidRecordsMarked (cache: FederationCache, system: string, entes: readonly string[]): Promise<FailedEnte[]> {
  if (entes.length === 0) return []
  const keys = await cache.enteKeys(system, MARK_KIND, [...entes])
  const marks = await Promise.all(keys.map(async key => await cache.store.get<number>(key)))
  return entes.flatMap((ente, i) => marks[i] === undefined ? [] : [{ ente, code: INVALID_RECORDS }])
}
