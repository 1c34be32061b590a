import { compareSpanish } from '@see/sesna'
import type { SystemProfile } from '@see/systems'
import { parseItemsAnswer } from './answers.js'
import { badShape } from './errors.js'
import type { SystemMapping } from '@see/systems'
import { getV1, plainPath, type DirectusItem } from '@see/systems'
import { toV1Record } from '@see/systems'
import { itemsRequest, type DirectusRequest } from './requests.js'
import type { DirectusFetch, DirectusUnsupported } from './search.js'

// A v2 provider has no catalogue of institutions: the distinct institutions of its records are
// read with a fields-only query over every collection (`fields=<the institution's v2 fields>`),
// paged like a scan. Directus's `groupBy` cannot group by a field of a related item, and grouping
// the related collection itself would list rows no record uses, so it is not used.

export interface Dependencia {
  nombre: string
  siglas?: string
  clave?: string
}

export interface DirectusDependenciasOptions {
  /** Items per request (default 1000; only a few short fields each). */
  chunkSize?: number
  /** Most items read over all collections (default 50000). */
  maxRows?: number
}

export const DIRECTUS_DEPENDENCIAS_DEFAULTS: Required<DirectusDependenciasOptions> = { chunkSize: 1000, maxRows: 50_000 }

interface Context {
  mapping: SystemMapping
  /** Where the institution sits in a v1 record. */
  path: string
  fields: string
  options: Required<DirectusDependenciasOptions>
}

interface Chunk { list: number, offset: number, limit: number }

export interface DirectusDependenciasPlan {
  readonly requests: readonly DirectusRequest[]
  readonly context: Context
  readonly stage: { kind: 'first' } | { kind: 'rest', items: DirectusItem[][], chunks: Chunk[] }
}

export type DirectusDependenciasStep = { dependencias: Dependencia[] } | DirectusUnsupported | { next: DirectusDependenciasPlan }

/** The v1 object naming the institution, read from the profile's institution filter. */
function institutionPath (profile: SystemProfile): string {
  const spec = profile.institutionFilter === undefined ? undefined : profile.filters[profile.institutionFilter]
  if (spec === undefined || !('path' in spec)) throw new RangeError(`system ${profile.id} has no institution filter`)
  return spec.path.split('.').slice(0, -1).join('.')
}

function request (context: Context, list: number, limit: number, offset: number, count: boolean): DirectusRequest {
  const collection = context.mapping.collections[list]?.collection as string
  return itemsRequest(collection, { fields: context.fields, sort: 'id', limit, offset, count })
}

export function planDirectusDependencias (profile: SystemProfile, mapping: SystemMapping, options: DirectusDependenciasOptions = {}): DirectusDependenciasPlan {
  const path = institutionPath(profile)
  const fields = new Set(['id'])
  for (const collection of mapping.collections) {
    for (const rule of collection.rules) {
      if (rule.kind === 'text' && rule.v1.startsWith(`${path}.`)) fields.add(plainPath(rule.v2))
    }
  }
  const context: Context = { mapping, path, fields: [...fields].join(','), options: { ...DIRECTUS_DEPENDENCIAS_DEFAULTS, ...options } }
  const requests = mapping.collections.map((_, list) => request(context, list, context.options.chunkSize, 0, true))
  return { requests, context, stage: { kind: 'first' } }
}

function expectLength (items: unknown[], expected: number): void {
  if (items.length !== expected) throw badShape(`Directus devolvió ${items.length} registros donde se esperaban ${expected}.`)
}

function distinct (context: Context, items: DirectusItem[][]): Dependencia[] {
  const seen = new Map<string, Dependencia>()
  items.forEach((list, index) => {
    const collection = context.mapping.collections[index]?.collection as string
    for (const item of list) {
      const found = getV1(toV1Record(context.mapping, collection, item), context.path) as Partial<Dependencia> | undefined
      if (typeof found?.nombre !== 'string' || found.nombre === '') continue
      const dependencia: Dependencia = { nombre: found.nombre }
      if (typeof found.siglas === 'string') dependencia.siglas = found.siglas
      if (typeof found.clave === 'string') dependencia.clave = found.clave
      const key = JSON.stringify([dependencia.nombre, dependencia.siglas ?? null, dependencia.clave ?? null])
      if (!seen.has(key)) seen.set(key, dependencia)
    }
  })
  return [...seen.values()].sort((a, b) => compareSpanish(a.nombre, b.nombre))
}

/** Reads one round's answers (parsed JSON bodies, in request order). */
export function assembleDirectusDependencias (plan: DirectusDependenciasPlan, answers: readonly unknown[]): DirectusDependenciasStep {
  if (answers.length !== plan.requests.length) throw new RangeError(`expected ${plan.requests.length} answers, got ${answers.length}`)
  const { context, stage } = plan
  const { chunkSize, maxRows } = context.options
  if (stage.kind === 'rest') {
    const items = stage.items.map(list => [...list])
    stage.chunks.forEach((chunk, index) => {
      const answer = parseItemsAnswer(answers[index])
      expectLength(answer.items, chunk.limit)
      items[chunk.list]?.push(...answer.items)
    })
    return { dependencias: distinct(context, items) }
  }
  const parsed = answers.map(answer => parseItemsAnswer(answer, { needCount: true }))
  const total = parsed.reduce((sum, answer) => sum + (answer.filterCount as number), 0)
  if (total > maxRows) {
    return { unsupported: `El proveedor directus-v2 tiene ${total} registros y el catálogo de dependencias se arma leyéndolos todos; el máximo es ${maxRows}.` }
  }
  const items: DirectusItem[][] = []
  const chunks: Chunk[] = []
  parsed.forEach((answer, list) => {
    const count = answer.filterCount as number
    expectLength(answer.items, Math.min(chunkSize, count))
    items.push([...answer.items])
    for (let offset = chunkSize; offset < count; offset += chunkSize) chunks.push({ list, offset, limit: Math.min(chunkSize, count - offset) })
  })
  if (chunks.length === 0) return { dependencias: distinct(context, items) }
  const requests = chunks.map(chunk => request(context, chunk.list, chunk.limit, chunk.offset, false))
  return { next: { requests, context, stage: { kind: 'rest', items, chunks } } }
}

/** Plans, fetches every round and assembles the catalogue of institutions. */
export async function runDirectusDependencias (profile: SystemProfile, mapping: SystemMapping, fetch: DirectusFetch, options: DirectusDependenciasOptions = {}): Promise<{ dependencias: Dependencia[] } | DirectusUnsupported> {
  let step: DirectusDependenciasStep = { next: planDirectusDependencias(profile, mapping, options) }
  while ('next' in step) {
    const plan: DirectusDependenciasPlan = step.next
    step = assembleDirectusDependencias(plan, await Promise.all(plan.requests.map(fetch)))
  }
  return step
}
