import { publicDocument } from '@see/openapi'
import { isPrivatePath, type FilterSpec, type SystemProfile } from '@see/systems'
import type { PortalSearch } from './public-client.js'

// A system's search form, read from its profile (which filters and sorts) and from its query
// schema in the OpenAPI document (labels, types, allowed values): a new profile gets its form.

type Schema = Record<string, unknown>

export interface Choice { value: string, label: string }

/** One input of the form; `name` is the URL parameter (the filter's name, `.min`/`.max` for ranges). */
export type FormField =
  | { kind: 'text', name: string, label: string, hint?: string, maxLength?: number }
  | { kind: 'select', name: string, label: string, hint?: string, choices: Choice[] }
  | { kind: 'checkboxes', name: string, label: string, hint?: string, choices: Choice[], numeric: boolean }
  | { kind: 'range', name: string, label: string, hint?: string, inputType: 'number' | 'date' | 'text' }

export interface SearchForm {
  fields: FormField[]
  /** Sort choices, each `field:asc` or `field:desc`. */
  sorts: Choice[]
}

/** Parameters of the portal's own, beside the filters. */
export const PAGE_PARAM = 'pagina'
export const SIZE_PARAM = 'tamano'
export const SORT_PARAM = 'orden'
export const PAGE_SIZES = [10, 25, 50, 100] as const
export const MAX_PAGE = 1_000_000

function querySchema (system: SystemProfile): Schema {
  return publicDocument.components.schemas[system.schemas.query] ?? {}
}

/** A schema, through its `$ref` to a component of the public document when it is one. */
function resolved (schema: Schema | undefined): Schema | undefined {
  const target = typeof schema?.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1] : undefined
  return target === undefined ? schema : publicDocument.components.schemas[target] ?? schema
}

function propertiesOf (schema: Schema): Record<string, Schema> {
  const properties = (resolved(schema)?.properties ?? {}) as Record<string, Schema>
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, resolved(property) ?? property]))
}

/** "primerApellido" → "Primer apellido". */
export function humanize (name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The schema's description as a label when it is short, else the field's name said as words. */
function labelOf (name: string, schema: Schema | undefined): { label: string, hint?: string } {
  const description = typeof schema?.description === 'string' ? schema.description.replace(/`/g, '') : ''
  const first = description.split(/[.(:]/)[0]?.trim() ?? ''
  if (first !== '' && first.length <= 60 && name !== 'id') return { label: first }
  return description === '' ? { label: humanize(name) } : { label: name === 'id' ? 'Identificador' : humanize(name), hint: description }
}

/** Labels of enumerated claves as the description writes them: "`I` inhabilitado, `M` multado". */
function choiceLabels (schema: Schema | undefined): Map<string, string> {
  const labels = new Map<string, string>()
  const description = typeof schema?.description === 'string' ? schema.description : ''
  for (const match of description.matchAll(/`([^`]+)` ([^,`.]+)/g)) labels.set(match[1]!, `${match[1]!}: ${match[2]!.trim()}`)
  return labels
}

function enumChoices (values: unknown[], schema: Schema | undefined): Choice[] {
  const labels = choiceLabels(schema)
  return values.filter(value => value !== '').map(value => ({ value: String(value), label: labels.get(String(value)) ?? String(value) }))
}

function integerChoices (items: Schema): Choice[] | undefined {
  if (Array.isArray(items.enum)) return undefined
  const { minimum, maximum } = items as { minimum?: number, maximum?: number }
  if (minimum === undefined || maximum === undefined || maximum - minimum > 20) return undefined
  return Array.from({ length: maximum - minimum + 1 }, (_, i) => ({ value: String(minimum + i), label: String(minimum + i) }))
}

function fieldOf (name: string, spec: FilterSpec, schema: Schema | undefined): FormField | undefined {
  const { label, hint } = labelOf(name, schema)
  const common = { name, label, ...(hint !== undefined && { hint }) }
  if (spec.kind === 'requester') return undefined
  if (spec.kind === 'range') {
    const bound = propertiesOf(schema ?? {}).min
    const inputType = bound?.type === 'number' || bound?.type === 'integer' ? 'number' : bound?.format === 'date' ? 'date' : 'text'
    return { kind: 'range', ...common, inputType }
  }
  if (schema?.type === 'array') {
    const items = resolved(schema.items as Schema | undefined) ?? {}
    const choices = Array.isArray(items.enum) ? enumChoices(items.enum, schema) : integerChoices(items)
    if (choices !== undefined) return { kind: 'checkboxes', ...common, choices, numeric: items.type === 'integer' || items.type === 'number' }
    return { kind: 'text', ...common, hint: hint ?? 'Varios valores separados por comas.' }
  }
  if (Array.isArray(schema?.enum)) return { kind: 'select', ...common, choices: enumChoices(schema.enum, schema) }
  return { kind: 'text', ...common, ...(typeof schema?.maxLength === 'number' && { maxLength: schema.maxLength }) }
}

/**
 * The form of a system: its filters in the profile's order (the exact id last), and its sorts. The
 * portal is a public client: a filter or sort on a private field would be refused, so it is not offered.
 */
export function searchForm (system: SystemProfile): SearchForm {
  const properties = propertiesOf(querySchema(system))
  const isPublic = (path: string): boolean => !isPrivatePath(path, system.privateFields)
  const entries = Object.entries(system.filters)
    .filter(([, spec]) => !('path' in spec) || isPublic(spec.path))
    .sort(([, a], [, b]) => Number(a.kind === 'id') - Number(b.kind === 'id'))
  const fields = entries.flatMap(([name, spec]) => fieldOf(name, spec, properties[name]) ?? [])
  const sorts = Object.entries(system.sorts).filter(([, path]) => isPublic(path)).map(([field]) => field).flatMap(field => {
    const label = labelOf(field, properties[field]).label
    return [{ value: `${field}:asc`, label: `${label} (A a Z)` }, { value: `${field}:desc`, label: `${label} (Z a A)` }]
  })
  return { fields, sorts }
}

export type UrlQuery = Record<string, string | string[] | undefined>

/** A bad parameter in the URL, said to the person who wrote it. */
export class PortalInputError extends Error {}

function single (value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? ''
}

function many (value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return values.flatMap(v => v.split(',')).map(v => v.trim()).filter(v => v !== '')
}

function boundOf (raw: string, inputType: string): string | number | undefined {
  if (raw === '') return undefined
  if (inputType !== 'number') return raw
  const number = Number(raw)
  if (!Number.isFinite(number)) throw new PortalInputError(`"${raw}" no es un número.`)
  return number
}

function filterValue (field: FormField, url: UrlQuery): unknown {
  if (field.kind === 'range') {
    const min = boundOf(single(url[`${field.name}.min`]), field.inputType)
    const max = boundOf(single(url[`${field.name}.max`]), field.inputType)
    return min === undefined && max === undefined ? undefined : { ...(min !== undefined && { min }), ...(max !== undefined && { max }) }
  }
  if (field.kind === 'checkboxes') {
    const values = many(url[field.name])
    return values.length === 0 ? undefined : values.map(v => field.numeric ? Number(v) : v)
  }
  const value = single(url[field.name])
  return value === '' ? undefined : value
}

function positive (raw: string, fallback: number, what: string, max: number): number {
  if (raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > max) throw new PortalInputError(`${what} debe ser un número entero entre 1 y ${max}.`)
  return value
}

/** The search a URL asks for; unknown parameters are ignored, bad values throw PortalInputError. */
export function searchOfUrl (system: SystemProfile, form: SearchForm, url: UrlQuery): PortalSearch {
  const query: Record<string, unknown> = {}
  for (const field of form.fields) {
    const value = filterValue(field, url)
    if (value !== undefined) query[field.name] = value
  }
  const pageSize = positive(single(url[SIZE_PARAM]), PAGE_SIZES[0], 'El tamaño de página', 200)
  const page = positive(single(url[PAGE_PARAM]), 1, 'La página', MAX_PAGE)
  const search: PortalSearch = { page, pageSize, query }
  const order = single(url[SORT_PARAM])
  if (order !== '') {
    if (!form.sorts.some(choice => choice.value === order)) throw new PortalInputError(`El orden "${order}" no existe para ${system.title}.`)
    const [field = '', direction] = order.split(':')
    search.sort = { [field]: direction === 'desc' ? 'desc' : 'asc' }
  }
  return search
}

/** The URL parameters of a search (the permanent URL of a page), in a stable order. */
export function urlOfSearch (form: SearchForm, search: PortalSearch): URLSearchParams {
  const params = new URLSearchParams()
  for (const field of form.fields) {
    const value = search.query[field.name]
    if (value === undefined) continue
    if (field.kind === 'range') {
      const { min, max } = value as { min?: unknown, max?: unknown }
      if (min !== undefined) params.append(`${field.name}.min`, String(min))
      if (max !== undefined) params.append(`${field.name}.max`, String(max))
    } else if (Array.isArray(value)) {
      for (const item of value) params.append(field.name, String(item))
    } else {
      params.append(field.name, String(value))
    }
  }
  const sort = Object.entries(search.sort ?? {})[0]
  if (sort !== undefined) params.set(SORT_PARAM, `${sort[0]}:${sort[1]}`)
  if (search.pageSize !== PAGE_SIZES[0]) params.set(SIZE_PARAM, String(search.pageSize))
  if (search.page !== 1) params.set(PAGE_PARAM, String(search.page))
  return params
}
