import { compareRecords, matchesQuery, type AnyRecord, type Query, type Sort, type SystemProfile } from '@see/systems'
import { parseItemsAnswer, type ItemsAnswer } from './answers.js'
import { selectCollections, type CollectionFilter } from './conditions.js'
import { badShape } from './errors.js'
import type { SystemMapping } from '@see/systems'
import type { DirectusItem } from '@see/systems'
import { toV1Record } from '@see/systems'
import { itemsRequest, type DirectusRequest } from './requests.js'
import { windowsOf, type Window } from './windows.js'

// One v1 search against a Directus provider, as rounds of GET requests the service makes with its
// own client. Two ways, both exact under the reference semantics:
// - paged: unsorted and every collection's filter exact. Round 1 asks the first collection for the
//   page (with its count) and the others for their counts; round 2, only if the page reaches past
//   the first collection, asks the later ones for their slices. One round for a single collection.
// - scanned: a sort, or a filter Directus can only narrow down (accents beyond what a URL holds,
//   LIKE characters, spaces in a joined name). Directus sorts by the database's collation, not
//   Spanish, so every matching item is fetched (round 1: first chunk and count; round 2: the rest,
//   if all of it is within `maxScanRows`), mapped to v1, filtered with `matchesQuery`, sorted with
//   `compareRecords` (ties by collection order, then id) and cut to the page.

export interface V1SearchRequest {
  page?: number
  pageSize?: number
  sort?: Sort
  query?: Query
}

export interface DirectusSearchOptions {
  /** Most items a scanned search may fetch, over all collections (default 2000). */
  maxScanRows?: number
  /** Items per request of a scan (default 200). */
  chunkSize?: number
  /** Longest URL-encoded `filter` parameter (default 6000). */
  maxFilterLength?: number
}

export const DIRECTUS_SEARCH_DEFAULTS: Required<DirectusSearchOptions> = { maxScanRows: 2000, chunkSize: 200, maxFilterLength: 6000 }

export interface DirectusSearchResult {
  totalRows: number
  results: AnyRecord[]
}

export interface DirectusUnsupported {
  /** Why the search cannot be answered exactly, in Spanish, with what to change. */
  unsupported: string
}

interface Context {
  profile: SystemProfile
  mapping: SystemMapping
  page: number
  pageSize: number
  /** Only the sort fields the profile knows. */
  sort: Sort
  query: Query
  options: Required<DirectusSearchOptions>
  collections: CollectionFilter[]
}

interface Chunk { list: number, offset: number, limit: number }

type Stage =
  | { kind: 'empty' }
  | { kind: 'page-first' }
  | { kind: 'page-rest', total: number, first: AnyRecord[], windows: Window[] }
  | { kind: 'scan-first' }
  | { kind: 'scan-rest', items: DirectusItem[][], chunks: Chunk[] }

/** The requests of one round, and what the next step needs to read their answers. */
export interface DirectusSearchPlan {
  readonly requests: readonly DirectusRequest[]
  readonly context: Context
  readonly stage: Stage
}

export type DirectusSearchStep = DirectusSearchResult | DirectusUnsupported | { next: DirectusSearchPlan }

function positiveInteger (value: number | undefined, fallback: number, name: string): number {
  const number = value ?? fallback
  if (!Number.isSafeInteger(number) || number < 1) throw new RangeError(`${name} must be a positive integer`)
  return number
}

function start (context: Context): number {
  return (context.page - 1) * context.pageSize
}

function request (context: Context, target: CollectionFilter, range: { limit: number, offset?: number, count?: boolean }): DirectusRequest {
  return itemsRequest(target.collection.collection, { fields: context.mapping.fields, filter: target.filter, sort: 'id', ...range })
}

/** Plans a v1 search (`page`, `pageSize`, `sort`, `query`) as Directus requests, or says why it cannot be answered exactly. */
export function planDirectusSearch (profile: SystemProfile, mapping: SystemMapping, search: V1SearchRequest, options: DirectusSearchOptions = {}): DirectusSearchPlan | DirectusUnsupported {
  const settings = { ...DIRECTUS_SEARCH_DEFAULTS, ...options }
  const query = search.query ?? {}
  const selection = selectCollections(profile, mapping, query, settings)
  if ('unsupported' in selection) return selection
  const context: Context = {
    profile,
    mapping,
    page: positiveInteger(search.page, 1, 'page'),
    pageSize: positiveInteger(search.pageSize, 10, 'pageSize'),
    sort: Object.fromEntries(Object.entries(search.sort ?? {}).filter(([field]) => field in profile.sorts)),
    query,
    options: settings,
    collections: selection.collections
  }
  if (context.collections.length === 0) return { requests: [], context, stage: { kind: 'empty' } }
  const paged = Object.keys(context.sort).length === 0 && context.collections.every(target => target.exact)
  if (paged) {
    const requests = context.collections.map((target, index) => index === 0
      ? request(context, target, { limit: context.pageSize, offset: start(context), count: true })
      : request(context, target, { limit: 0, count: true }))
    return { requests, context, stage: { kind: 'page-first' } }
  }
  const requests = context.collections.map(target => request(context, target, { limit: settings.chunkSize, count: true }))
  return { requests, context, stage: { kind: 'scan-first' } }
}

function expectLength (answer: ItemsAnswer, expected: number, collection: string): void {
  if (answer.items.length !== expected) {
    throw badShape(`La colección «${collection}» devolvió ${answer.items.length} registros donde se esperaban ${expected} (¿un límite QUERY_LIMIT_MAX menor en el proveedor, o datos que cambiaron entre consultas?).`)
  }
}

function records (context: Context, list: number, items: DirectusItem[]): AnyRecord[] {
  const collection = (context.collections[list] as CollectionFilter).collection.collection
  return items.map(item => toV1Record(context.mapping, collection, item))
}

function pageFirst (plan: DirectusSearchPlan, answers: unknown[]): DirectusSearchStep {
  const { context } = plan
  const parsed = answers.map(answer => parseItemsAnswer(answer, { needCount: true }))
  const counts = parsed.map(answer => answer.filterCount as number)
  const total = counts.reduce((sum, count) => sum + count, 0)
  const first = parsed[0] as ItemsAnswer
  expectLength(first, Math.max(0, Math.min(context.pageSize, (counts[0] as number) - start(context))), (context.collections[0] as CollectionFilter).collection.collection)
  const firstRecords = records(context, 0, first.items)
  const windows = windowsOf(counts, start(context), context.pageSize).filter(window => window.list > 0)
  if (windows.length === 0) return { totalRows: total, results: firstRecords }
  const requests = windows.map(window => request(context, context.collections[window.list] as CollectionFilter, { limit: window.length, offset: window.offset }))
  return { next: { requests, context, stage: { kind: 'page-rest', total, first: firstRecords, windows } } }
}

function pageRest (plan: DirectusSearchPlan, stage: Stage & { kind: 'page-rest' }, answers: unknown[]): DirectusSearchResult {
  const results = [...stage.first]
  stage.windows.forEach((window, index) => {
    const answer = parseItemsAnswer(answers[index])
    expectLength(answer, window.length, (plan.context.collections[window.list] as CollectionFilter).collection.collection)
    results.push(...records(plan.context, window.list, answer.items))
  })
  return { totalRows: stage.total, results }
}

function scanFirst (plan: DirectusSearchPlan, answers: unknown[]): DirectusSearchStep {
  const { context } = plan
  const { chunkSize, maxScanRows } = context.options
  const parsed = answers.map(answer => parseItemsAnswer(answer, { needCount: true }))
  const total = parsed.reduce((sum, answer) => sum + (answer.filterCount as number), 0)
  if (total > maxScanRows) {
    const why = Object.keys(context.sort).length > 0
      ? 'Directus no ordena con la colación en español, así que el SEE ordena localmente'
      : 'Directus no puede aplicar ese filtro de texto de forma exacta (acentos, espacios o los caracteres % _ \\), así que el SEE filtra localmente'
    return { unsupported: `${why} los ${total} registros candidatos del proveedor directus-v2, y el máximo es ${maxScanRows}. Agregue filtros más específicos${Object.keys(context.sort).length > 0 ? ' o consulte sin ordenamiento' : ''}.` }
  }
  const items: DirectusItem[][] = []
  const chunks: Chunk[] = []
  parsed.forEach((answer, list) => {
    const count = answer.filterCount as number
    expectLength(answer, Math.min(chunkSize, count), (context.collections[list] as CollectionFilter).collection.collection)
    items.push([...answer.items])
    for (let offset = chunkSize; offset < count; offset += chunkSize) chunks.push({ list, offset, limit: Math.min(chunkSize, count - offset) })
  })
  if (chunks.length === 0) return finishScan(context, items)
  const requests = chunks.map(chunk => request(context, context.collections[chunk.list] as CollectionFilter, { limit: chunk.limit, offset: chunk.offset }))
  return { next: { requests, context, stage: { kind: 'scan-rest', items, chunks } } }
}

function scanRest (plan: DirectusSearchPlan, stage: Stage & { kind: 'scan-rest' }, answers: unknown[]): DirectusSearchResult {
  const items = stage.items.map(list => [...list])
  stage.chunks.forEach((chunk, index) => {
    const answer = parseItemsAnswer(answers[index])
    expectLength(answer, chunk.limit, (plan.context.collections[chunk.list] as CollectionFilter).collection.collection)
    items[chunk.list]?.push(...answer.items)
  })
  return finishScan(plan.context, items)
}

function compareIds (a: unknown, b: unknown): number {
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Local filter, sort and page over every candidate item. */
function finishScan (context: Context, items: DirectusItem[][]): DirectusSearchResult {
  const seen = new Set<unknown>()
  const matches: Array<{ rank: number, record: AnyRecord }> = []
  items.forEach((list, index) => {
    const rank = (context.collections[index] as CollectionFilter).rank
    for (const record of records(context, index, list)) {
      // An item shifted between rounds may come twice; items without an id (dropped later by the
      // service's validation) are all kept, so the count stays what the provider holds.
      if ((record.id !== '' && seen.has(record.id)) || !matchesQuery(context.profile, record, context.query)) continue
      seen.add(record.id)
      matches.push({ rank, record })
    }
  })
  if (Object.keys(context.sort).length > 0) {
    matches.sort((a, b) => compareRecords(context.profile, context.sort, a.record, b.record) || a.rank - b.rank || compareIds(a.record.id, b.record.id))
  }
  const from = start(context)
  return { totalRows: matches.length, results: matches.slice(from, from + context.pageSize).map(match => match.record) }
}

/**
 * Reads the answers (parsed JSON bodies of 2xx responses, in the order of `plan.requests`) and
 * gives the result, or the next round to make, or why the search cannot be answered exactly.
 * Throws `DirectusProtocolError` (`ENTE_BAD_SHAPE`) for answers that are not Directus's.
 */
export function assembleDirectusSearch (plan: DirectusSearchPlan, answers: readonly unknown[]): DirectusSearchStep {
  if (answers.length !== plan.requests.length) throw new RangeError(`expected ${plan.requests.length} answers, got ${answers.length}`)
  const { stage } = plan
  switch (stage.kind) {
    case 'empty': return { totalRows: 0, results: [] }
    case 'page-first': return pageFirst(plan, [...answers])
    case 'page-rest': return pageRest(plan, stage, [...answers])
    case 'scan-first': return scanFirst(plan, [...answers])
    case 'scan-rest': return scanRest(plan, stage, [...answers])
  }
}

/** Fetches one request: resolves with the parsed JSON body, or throws (see `directusErrorFor`). */
export type DirectusFetch = (request: DirectusRequest) => Promise<unknown>

/** Plans, fetches every round (each round's requests concurrently) and assembles. */
export async function runDirectusSearch (profile: SystemProfile, mapping: SystemMapping, search: V1SearchRequest, fetch: DirectusFetch, options: DirectusSearchOptions = {}): Promise<DirectusSearchResult | DirectusUnsupported> {
  const first = planDirectusSearch(profile, mapping, search, options)
  if ('unsupported' in first) return first
  let step: DirectusSearchStep = { next: first }
  while ('next' in step) {
    const plan: DirectusSearchPlan = step.next
    const answers = await Promise.all(plan.requests.map(fetch))
    step = assembleDirectusSearch(plan, answers)
  }
  return step
}
