import type { Dependencia } from '@see/openapi/types'
import { compareSpanish } from '@see/sesna'
import { valuesAt, type AnyRecord, type SystemProfile } from '@see/systems'

/** Where the institution object of a system's records sits: the parent of its institution filter's path. */
function institutionPath (profile: SystemProfile): string | undefined {
  const spec = profile.institutionFilter === undefined ? undefined : profile.filters[profile.institutionFilter]
  if (spec === undefined || !('path' in spec)) return undefined
  const steps = spec.path.split('.')
  return steps.length > 1 ? steps.slice(0, -1).join('.') : undefined
}

function isInstitution (value: unknown): value is Dependencia {
  return typeof value === 'object' && value !== null && typeof (value as Dependencia).nombre === 'string'
}

/** The institutions present in a system's records, as `…/dependencias` lists them (by nombre, Spanish order). */
export function institutionsOf (profile: SystemProfile, records: readonly AnyRecord[]): Dependencia[] {
  const path = institutionPath(profile)
  if (path === undefined) return []
  const seen = new Map<string, Dependencia>()
  for (const { nombre, siglas, clave } of records.flatMap(record => valuesAt(record, path)).filter(isInstitution)) {
    const key = `${nombre ?? ''}\u0000${siglas ?? ''}\u0000${clave ?? ''}`
    if (!seen.has(key)) seen.set(key, { nombre, ...(siglas !== undefined && { siglas }), ...(clave !== undefined && { clave }) })
  }
  return [...seen.values()].sort((a, b) => compareSpanish(a.nombre ?? '', b.nombre ?? ''))
}
