import { html } from 'ghtml'
import { isPrivatePath, valuesAt, type SystemProfile } from '@see/systems'
import { humanize } from '../form.js'

// Records come from entes: untrusted. Every value goes through ghtml's escaping (`${…}`); only
// HTML this module rendered itself is inserted raw (`!${…}`).

/**
 * A record's columns in a results table: the fields it sorts by, else its text filters; never a
 * private field (the portal's records carry none).
 */
export function columnsOf (system: SystemProfile): Array<{ name: string, path: string }> {
  const isPublic = (path: string): boolean => !isPrivatePath(path, system.privateFields)
  const sorted = Object.entries(system.sorts).filter(([, path]) => isPublic(path)).map(([name, path]) => ({ name, path }))
  if (sorted.length > 0) return sorted
  return Object.entries(system.filters).flatMap(([name, spec]) => spec.kind === 'text' && isPublic(spec.path) ? [{ name, path: spec.path }] : [])
}

/** The text of a field for a table cell: scalar values at the path, joined. */
export function cellText (record: unknown, path: string): string {
  return valuesAt(record, path).filter(value => value !== null && typeof value !== 'object').map(String).join('; ')
}

/** The ente's clave of a federated id (`CLAVE:id-in-the-ente`). */
export function enteOfId (id: unknown): string {
  return typeof id === 'string' ? id.split(':')[0] ?? '' : ''
}

function scalar (value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Sí' : 'No'
  return String(value)
}

/** Any value of a record as nested lists: objects as definition lists, arrays as ordered lists. */
export function renderValue (value: unknown, depth = 0): string {
  if (value === null || value === undefined || value === '') return html`<span class="ayuda">Sin dato</span>`
  if (depth > 8) return html`<span class="ayuda">…</span>`
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<span class="ayuda">Ninguno</span>`
    return html`<ol>!${value.map(item => html`<li>!${renderValue(item, depth + 1)}</li>`)}</ol>`
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    return html`<dl class="registro">!${entries.map(([key, item]) => html`<dt>${humanize(key)}</dt><dd>!${renderValue(item, depth + 1)}</dd>`)}</dl>`
  }
  return html`${scalar(value)}`
}
