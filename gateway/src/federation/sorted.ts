import { DeadlineExceededError, IncompletePageError } from '@see/kit'
import { sortKeyComparator } from '@see/systems'
import { SortedBusyError } from '../errors.js'
import { BatchLinesError, entesWithPrivateRemoved, type LinesOutcome } from '../upstream/lines.js'
import { sortedFlights, sortedPageKey } from './coalesce.js'
import { serviceCall, type SearchRound } from './context.js'
import { cachedCounts, rememberCount } from './counts.js'
import { MAX_ENTE_PAGE, pagesCovering } from './ente-range.js'
import { FrontierStore, type Frontier } from './frontier.js'
import { MergeCursor, MergeLane } from './merge.js'
import { listKey } from './held-fetch.js'
import { failureOf, INVALID_RECORDS, type FailedEnte } from './outcomes.js'
import { toEnteRequest } from './normalize.js'
import type { FederatedLines } from './search.js'
import type { SortedLine } from './sorted-prefixes.js'

/** One ente's lane in a sorted page, with what the page needs to fetch into it and remember. */
class EnteLane extends MergeLane<SortedLine> {
  /** Whether earlier pages counted the ente for this query: failing now would shift the order. */
  counted: boolean
  invalid = false
  constructor (ente: string, rank: number, total: number | undefined, offset: number, readonly runKey: string, counted: boolean) {
    super(ente, rank, total, offset)
    this.counted = counted
  }
}

/**
 * A page's first round tops up only the lanes holding less than this share of their want (to the
 * whole want): a crawl's next page then asks a few entes, not every one, and a lane drained
 * anyway before the page is complete is fetched in a second round.
 */
const FIRST_ROUND_BELOW = 0.5
/** Later rounds refill the lanes that ran out, and those nearly out (below this share of their want). */
const REFILL_BELOW = 0.25
/** Streaming, each lane is asked for its expected share of what is left, with this margin. */
const SHARE_MARGIN = 1.25
const SHARE_SLACK = 50
/** Most records one streaming round asks for over all entes: the merge's memory bound. */
const MAX_ROUND_RECORDS = 8_000
/** Most records one streaming round asks of one ente (4 pages of 200), so a round ends well within the deadline. */
const MAX_LANE_ROUND = 4 * MAX_ENTE_PAGE
/** A streaming round is not started with less time than this left: the page answers 504 and keeps its progress. */
const MIN_ROUND_MS = 250

/**
 * A sorted page: the entes' records merged in the requested order (Spanish collation, ties to the
 * ente earlier in the fixed order), any depth. The merge resumes from the frontier remembered at
 * the page's start (a crawl's previous page left it), so the page costs each ente at most its next
 * page × pageSize records, and fewer when the run fetched past the frontier is still held. With no
 * frontier there, the merge streams from the deepest one known (or the start) in rounds bounded in
 * records (per ente and in all), holding only those, and leaves frontiers for the pages that follow. Deep
 * streaming is admitted against the merge budget (`admission.ts`). An ente not yet counted that
 * fails is left out (and named); one already counted that fails makes the page a retryable 503, as
 * for unsorted pages: leaving it out would shift the merged order and the total under a crawl.
 * Requests for the same page of the same query at once share one merge (`coalesce.ts`).
 */
export async function sortedPage (round: SearchRound): Promise<FederatedLines> {
  // Every sorted page is coalesced, not only those taking admission: whether a page streams is
  // known only after reading the counts and frontiers (awaits, during which the same requests would
  // start the same work), and a shallow page asked twice at once is the same work twice as well.
  // The first request runs the merge (and takes admission, charged to its client); those asking
  // the same page meanwhile wait for its answer instead of being refused with SEE_SORTED_BUSY and
  // retrying, which flooded the gateway and the service (issue #12). Count rounds are shared the
  // same way (`counts.ts`).
  return await sortedFlights<FederatedLines>(round.service).run(sortedPageKey(round), round.deadline, async () => frozen(await mergedPage(round)), refusedAdmission)
}

/** A refusal of admission is the client's that ran the merge (over its share): one that joined it gets its own chance. */
function refusedAdmission (err: unknown): boolean {
  return err instanceof SortedBusyError
}

/** A page shared by coalesced requests: frozen, so no one changes what the others answer. */
function frozen (page: FederatedLines): FederatedLines {
  Object.freeze(page.lines)
  Object.freeze(page.failed)
  return Object.freeze(page)
}

async function mergedPage (round: SearchRound): Promise<FederatedLines> {
  const { request, settings } = round
  const reach = request.page * request.pageSize
  const start = reach - request.pageSize
  const frontiers = new FrontierStore(round)
  const [known, frontier] = await Promise.all([cachedCounts(round), frontiers.nearest(start)])
  const lanes = lanesOf(round, known, frontier)

  const streamed = Math.min(start, knownTotal(lanes)) - frontier.at
  const release = streamed > settings.sortedFreeDepth
    ? round.admission.enter(streamed + lanes.length * Math.min(MAX_ENTE_PAGE, request.pageSize), round.client)
    : undefined
  try {
    return await merge(round, lanes, frontier, frontiers, start, reach)
  } finally {
    release?.()
  }
}

function lanesOf (round: SearchRound, known: Array<number | undefined>, frontier: Frontier): EnteLane[] {
  const sort = JSON.stringify(Object.entries(round.request.sort))
  const lanes: EnteLane[] = []
  for (const [rank, ente] of round.entes.entries()) {
    if (known[rank] === 0) continue
    const runKey = `${listKey(round, ente.clave)}|sort:${sort}`
    const run = round.prefixes.get(runKey)
    const total = known[rank] ?? run?.total
    const offset = Math.min(frontier.offsets[rank] ?? 0, total ?? Infinity)
    const lane = new EnteLane(ente.clave, rank, total, offset, runKey, total !== undefined || frontier.at > 0)
    // The run held past an earlier frontier, when it starts at or before this one and reaches it.
    if (run !== undefined && run.end - run.records.length <= offset && offset < run.end) {
      lane.end = offset
      lane.append(run.records.slice(offset - (run.end - run.records.length)), r => r, run.end)
    }
    lanes.push(lane)
  }
  return lanes
}

async function merge (round: SearchRound, all: EnteLane[], frontier: Frontier, frontiers: FrontierStore, start: number, reach: number): Promise<FederatedLines> {
  const { request } = round
  const failed: FailedEnte[] = []
  let lanes = all
  let emitted = frontier.at
  const records: Array<{ ente: string, record: SortedLine }> = []
  // The last page boundary the merge streamed past (this page's start, in the end), to remember.
  let passed: Frontier | undefined
  let blocked: EnteLane[] | undefined
  const compareKeys = sortKeyComparator(request.sort)
  const compare = (a: SortedLine, b: SortedLine): number => compareKeys(a.keys, b.keys)
  // Each ente's records from the page's start on are kept, so the same page asked again is served
  // from them, as is the next one (its frontier lies within them).
  if (emitted === start) for (const lane of lanes) lane.pin()

  while (emitted < reach) {
    // Once every ente is counted, a page past the last record is empty: nothing to stream towards it.
    if (start >= knownTotal(lanes)) break
    const wants = wantsOf(lanes, reach - emitted)
    const refill = lanes.filter(lane => lane.hasMore && (blocked === undefined
      ? lane.buffered < wants.get(lane)! * FIRST_ROUND_BELOW
      : blocked.includes(lane) || lane.buffered < wants.get(lane)! * REFILL_BELOW))
    if (refill.length > 0) {
      if (blocked !== undefined && round.deadline.remaining() < MIN_ROUND_MS) {
        await rememberPassed(frontiers, passed, failed)
        throw new DeadlineExceededError(`La página ordenada no se completó a tiempo; reintente: lo ya recorrido se conserva (${emitted} de ${reach} registros).`)
      }
      let dropped: EnteLane[]
      try {
        dropped = await fetchInto(round, refill, wants, failed)
      } catch (err) {
        // The service or a counted ente failed: what the merge streamed so far still holds for a retry.
        await rememberPassed(frontiers, passed, failed)
        throw err
      }
      if (dropped.length > 0) lanes = lanes.filter(lane => !dropped.includes(lane))
    }
    const cursor = new MergeCursor<SortedLine>(lanes, compare)
    blocked = undefined
    while (emitted < reach) {
      const step = cursor.next()
      if (step === undefined) break
      if ('blocked' in step) {
        blocked = step.blocked as EnteLane[]
        break
      }
      emitted++
      if (emitted > start) records.push(step)
      else if (emitted % request.pageSize === 0) {
        passed = { at: emitted, offsets: offsetsOf(round, lanes) }
        if (emitted === start) for (const lane of lanes) lane.pin()
      }
    }
    if (blocked === undefined) break
  }

  const totalRows = lanes.reduce((sum, lane) => sum + (lane.total ?? 0), 0)
  if (failed.length === 0) {
    const ttl = round.cache.ttls(round.system.id).countTtlMs
    for (const lane of lanes) if (lane.total !== undefined) round.prefixes.set(lane.runKey, { records: lane.held(), end: lane.end, total: lane.total }, ttl)
    const ends = emitted === reach ? [{ at: reach, offsets: offsetsOf(round, lanes) }] : []
    await frontiers.remember([...(passed ? [passed] : []), ...ends])
  }
  return { totalRows, lines: records.map(({ record }) => record.line), failed, privateRemoved: round.publicOnly ? entesWithPrivateRemoved(records.map(({ ente, record }) => [ente, record.line] as const)) : [] }
}

/** The records of every lane when all are counted, otherwise Infinity. */
function knownTotal (lanes: EnteLane[]): number {
  let sum = 0
  for (const lane of lanes) {
    if (lane.total === undefined) return Infinity
    sum += lane.total
  }
  return sum
}

/**
 * How many records past its merge offset each lane should hold for the rest of the merge. Within
 * one page of 200 or less, all of it from every ente: one round, whatever the order. Deeper
 * (streaming), an ente not counted yet sends a page of 200; a counted one its expected share of
 * what is left (its records left over everyone's) with a margin, the round bounded in records.
 */
function wantsOf (lanes: EnteLane[], left: number): Map<EnteLane, number> {
  const wants = new Map<EnteLane, number>()
  if (left <= MAX_ENTE_PAGE) {
    for (const lane of lanes) wants.set(lane, Math.min(left, lane.total === undefined ? left : lane.total - lane.offset))
    return wants
  }
  const remaining = (lane: EnteLane): number => lane.total === undefined ? MAX_ENTE_PAGE : lane.total - lane.offset
  const all = Math.max(1, lanes.reduce((sum, lane) => sum + remaining(lane), 0))
  const shares = lanes.map(lane => lane.total === undefined
    ? MAX_ENTE_PAGE
    : Math.min(remaining(lane), left, MAX_LANE_ROUND, Math.ceil(left * remaining(lane) / all * SHARE_MARGIN) + SHARE_SLACK))
  const scale = Math.min(1, MAX_ROUND_RECORDS / Math.max(1, shares.reduce((a, b) => a + b, 0)))
  lanes.forEach((lane, i) => wants.set(lane, Math.max(1, Math.floor(shares[i]! * scale))))
  return wants
}

/** The merge frontier now, in the round's ente order (entes with no records at 0). */
function offsetsOf (round: SearchRound, lanes: EnteLane[]): number[] {
  const offsets = round.entes.map(() => 0)
  for (const lane of lanes) offsets[lane.rank] = lane.offset
  return offsets
}

async function rememberPassed (frontiers: FrontierStore, passed: Frontier | undefined, failed: FailedEnte[]): Promise<void> {
  if (passed !== undefined && failed.length === 0) await frontiers.remember([passed])
}

/**
 * Fetches, in one batch, each lane's next records up to its want past its merge offset. Answers the
 * lanes left out (not counted before, and failing now); a counted lane failing makes the page a
 * retryable 503. A lane whose records were partly invalid is named, and its run and the frontier
 * are not remembered: each page that needs it asks again.
 */
async function fetchInto (round: SearchRound, lanes: EnteLane[], wants: Map<EnteLane, number>, failed: FailedEnte[]): Promise<EnteLane[]> {
  const { request } = round
  const plans = lanes.map(lane => {
    const to = Math.min(lane.offset + wants.get(lane)!, lane.total ?? Infinity)
    return { lane, range: pagesCovering(lane.end, Math.max(to, lane.end + 1)) }
  })
  const requests = plans.flatMap(({ lane, range }) => range.pages.map(page => ({ ente: lane.ente, request: toEnteRequest(round.system, request.query, page, request.sort) })))
  const outcomes = await round.service.batchLines(requests, serviceCall(round, round.deadline.remaining()))

  const dropped: EnteLane[] = []
  const holes: FailedEnte[] = []
  const counts: Array<Promise<void>> = []
  let next = 0
  for (const { lane, range } of plans) {
    const mine: LinesOutcome[] = outcomes.slice(next, next + range.pages.length)
    next += range.pages.length
    const broken = mine.find(o => !o.ok)
    const total = mine[0]?.totalRows
    if (broken !== undefined || total === undefined || mine.length < range.pages.length) {
      const failure = failureOf(broken ?? mine[0], lane.ente)
      if (lane.counted) holes.push(failure)
      else {
        failed.push(failure)
        dropped.push(lane)
      }
      continue
    }
    if (lane.total === undefined) counts.push(rememberCount(round, lane.ente, total))
    lane.total = total
    lane.counted = true
    const arrived = mine.flatMap(sortedLinesOf)
    if (mine.some(o => (o.dropped ?? 0) > 0) && !lane.invalid) {
      lane.invalid = true
      failed.push({ ente: lane.ente, code: INVALID_RECORDS })
    }
    // Positions already held come first in the pages (they started at or before `end`).
    const covered = Math.min(range.end, total)
    lane.append(arrived.slice(Math.max(0, lane.end - range.start)), r => r, covered)
  }
  await Promise.all(counts)
  if (holes.length > 0) {
    throw Object.assign(new IncompletePageError(`No respondieron entes ya contados en esta consulta (${holes.map(f => `${f.ente}: ${f.code}`).join(', ')}); reintente en unos segundos.`), { failed: holes })
  }
  return dropped
}

/** An outcome's records with what each sorts by: the service sends the keys of every record of a sorted request. */
function sortedLinesOf (outcome: LinesOutcome): SortedLine[] {
  const keys = outcome.sortKeys ?? []
  if (keys.length !== outcome.records.length) throw new BatchLinesError(`the service sent ${keys.length} sort keys for ${outcome.records.length} records of ${outcome.ente}`)
  return outcome.records.map((line, i) => ({ line, keys: keys[i]! }))
}
