import type { EnteSearchRequest, SearchBatchRequest } from '@see/openapi/types'
import type { LinesOutcome, RecordLine } from '../upstream/lines.js'
import { serviceCall, type SearchRound } from './context.js'
import { toEnteRequest } from './normalize.js'
import { failureOf, type FailedEnte } from './outcomes.js'
import type { EnteCount } from './windows.js'

/** Counts known for the query, per ente of the round (undefined where not cached). */
export async function cachedCounts (round: SearchRound): Promise<Array<number | undefined>> {
  return await Promise.all(round.entes.map(async e => await round.cache.store.get<number>(round.countKeys.get(e.clave)!)))
}

/** Keeps an ente's count for the query; a TTL of 0 turns count caching off (benchmarks, tests). */
export async function rememberCount (round: SearchRound, ente: string, totalRows: number): Promise<void> {
  const key = round.countKeys.get(ente)
  if (key !== undefined) await round.cache.store.set(key, totalRows, round.cache.ttls(round.system.id).countTtlMs)
}

/**
 * Keeps several entes' counts at once: the writes leave together (one pipeline with ioredis'
 * auto-pipelining), never one round trip after another. A failed write only costs a later recount.
 */
export async function rememberCounts (round: SearchRound, counts: readonly EnteCount[]): Promise<void> {
  await Promise.all(counts.map(async c => await rememberCount(round, c.ente, c.totalRows).catch(() => {})))
}

/**
 * Count rounds under way, per system service, by their exact requests: concurrent pages of one
 * query whose counts are not cached (or whose cache read was lost) share one batch, so a slow or
 * absent cache never multiplies the calls to the entes.
 */
const inFlight = new WeakMap<object, Map<string, Promise<LinesOutcome[]>>>()

async function sharedBatch (round: SearchRound, probes: SearchBatchRequest['requests'], timeoutMs: number): Promise<LinesOutcome[]> {
  let rounds = inFlight.get(round.service)
  if (rounds === undefined) {
    rounds = new Map()
    inFlight.set(round.service, rounds)
  }
  // The leading records come back public or whole: rounds of the two kinds are not shared.
  const key = JSON.stringify([round.publicOnly, probes])
  const running = rounds.get(key)
  if (running !== undefined) return await running
  const batch = round.service.batchLines(probes, serviceCall(round, timeoutMs))
  const shared = rounds
  shared.set(key, batch)
  try {
    return await batch
  } finally {
    shared.delete(key)
  }
}

export interface CountRound {
  /** Counts of the entes that answered (or were cached), in federation order. */
  counts: EnteCount[]
  /** Leading records (as lines) each freshly counted ente returned, reused when the page falls inside them. */
  prefix: Map<string, RecordLine[]>
  failed: FailedEnte[]
}

/** How many entes, first in the federation order, also send their leading records with their count. */
const PREFETCHING_ENTES = 2

/**
 * Per-ente counts for the query: from cache where known, otherwise in one batch. When the page
 * lies within the first 200 records, the first entes in the fixed order send those records with
 * their count, so a first page usually costs a single round; the others send one record, which
 * keeps the round light when there are many entes. An ente that fails here is left out of the
 * answer and named as failed.
 */
export async function countRound (round: SearchRound): Promise<CountRound> {
  const { entes, request } = round
  const cached = await cachedCounts(round)
  const missing = entes.filter((_, i) => cached[i] === undefined)
  const reach = request.page * request.pageSize
  const leading = new Set(entes.slice(0, PREFETCHING_ENTES).map(e => e.clave))
  const probeFor = (ente: string): EnteSearchRequest => toEnteRequest(round.system, request.query, { page: 1, pageSize: reach <= 200 && leading.has(ente) ? reach : 1 })
  const keepsRecords = (ente: string): boolean => probeFor(ente).pageSize === reach
  // A probe whose record this page cannot use asks the service for the count alone: nothing to validate or carry back.
  const probes = missing.map(e => ({ ente: e.clave, request: probeFor(e.clave), ...(!keepsRecords(e.clave) && { countOnly: true }) }))
  const outcomes = probes.length === 0
    ? []
    : await sharedBatch(round, probes, round.deadline.share(round.settings.countRoundShare))
  const fresh = new Map<string, LinesOutcome>(missing.map((e, i) => [e.clave, outcomes[i]!]))

  const result: CountRound = { counts: [], prefix: new Map(), failed: [] }
  const counted: EnteCount[] = []
  for (const [i, ente] of entes.entries()) {
    const known = cached[i]
    if (known !== undefined) {
      result.counts.push({ ente: ente.clave, totalRows: known })
      continue
    }
    const outcome = fresh.get(ente.clave)
    if (!outcome?.ok || outcome.totalRows === undefined) {
      result.failed.push(failureOf(outcome, ente.clave))
      continue
    }
    result.counts.push({ ente: ente.clave, totalRows: outcome.totalRows })
    // Records short of some that did not meet the standard would be placed wrongly: not reused.
    if (keepsRecords(ente.clave) && (outcome.dropped ?? 0) === 0) result.prefix.set(ente.clave, outcome.records)
    counted.push({ ente: ente.clave, totalRows: outcome.totalRows })
  }
  await rememberCounts(round, counted)
  return result
}
