import { valuesAt } from '../reference.js'

export type DirectusItem = Record<string, unknown>

/** The v2 path without its `[]` list marks, as Directus names it in `filter` and `fields`. */
export function plainPath (path: string): string {
  return path.replaceAll('[]', '')
}

/** Every value at a v2 path, crossing related items and JSON arrays. */
export function v2Values (item: unknown, path: string): unknown[] {
  return valuesAt(item, plainPath(path))
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Sets a dotted v1 path, creating the objects on the way. */
export function setV1 (record: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.')
  let target = record
  for (const step of steps.slice(0, -1)) {
    if (!isObject(target[step])) target[step] = {}
    target = target[step] as Record<string, unknown>
  }
  target[steps[steps.length - 1] as string] = value
}

export function getV1 (record: unknown, path: string): unknown {
  let current = record
  for (const step of path.split('.')) {
    if (!isObject(current)) return undefined
    current = current[step]
  }
  return current
}

export function deleteV1 (record: Record<string, unknown>, path: string): void {
  const steps = path.split('.')
  const parent = getV1(record, steps.slice(0, -1).join('.'))
  const target = steps.length === 1 ? record : parent
  if (isObject(target)) delete target[steps[steps.length - 1] as string]
}

/**
 * Writes values along a v2 path (the inverse of reading it): a `name[]` step holds a list of
 * related items and the values go one per item (merged into items already there); a plain step
 * holds one related item. With a single value and no list step, the value itself is written.
 */
export function setV2 (item: DirectusItem, path: string, values: readonly unknown[]): void {
  const steps = path.split('.')
  const write = (target: DirectusItem, at: number, value: unknown, index: number): void => {
    const raw = steps[at] as string
    const isList = raw.endsWith('[]')
    const name = isList ? raw.slice(0, -2) : raw
    if (at === steps.length - 1) {
      target[name] = value
      return
    }
    if (isList) {
      const list = Array.isArray(target[name]) ? target[name] as DirectusItem[] : []
      target[name] = list
      list[index] ??= {}
      write(list[index] as DirectusItem, at + 1, value, index)
      return
    }
    if (!isObject(target[name])) target[name] = {}
    write(target[name] as DirectusItem, at + 1, value, index)
  }
  if (steps.some(step => step.endsWith('[]'))) values.forEach((value, index) => write(item, 0, value, index))
  else if (values.length > 0) write(item, 0, values.length === 1 ? values[0] : [...values], 0)
}
