import type { Dependencia } from '@see/openapi/types'
import type { EnteEntry } from '@see/registry'
import { matchesText, parseFederatedId } from '@see/sesna'
import type { SystemProfile } from '@see/systems'
import type { FederationCache } from '../cache/index.js'
import type { NormalizedSearch } from './normalize.js'

/**
 * `query.id` names one record of one ente: only that ente is asked, with its own id (and who
 * asks). An id without a known ente prefix matches nothing.
 */
export function scopeById (entes: EnteEntry[], request: NormalizedSearch): { entes: EnteEntry[], request: NormalizedSearch } {
  const id = request.query.id
  if (typeof id !== 'string') return { entes, request }
  const parsed = parseFederatedId(id)
  const ente = parsed && entes.find(e => e.clave === parsed.ente)
  if (!parsed || !ente) return { entes: [], request }
  const { rfcSolicitante } = request.query
  return { entes: [ente], request: { ...request, query: { id: parsed.localId, ...(rfcSolicitante !== undefined && { rfcSolicitante }) } } }
}

/**
 * A filter on the institution's name goes only to entes that hold a matching institution. Entes
 * whose dependencias are not known (not yet cached) are still asked, so nothing is lost.
 */
export async function scopeByInstitution (system: SystemProfile, entes: EnteEntry[], request: NormalizedSearch, cache: FederationCache): Promise<EnteEntry[]> {
  const field = system.institutionFilter
  const filter = field === undefined ? undefined : request.query[field]
  if (typeof filter !== 'string') return entes
  const keys = await cache.enteKeys(system.id, 'dependencias', entes.map(e => e.clave))
  const known = await Promise.all(keys.map(async key => await cache.store.get<Dependencia[]>(key)))
  return entes.filter((_, i) => {
    const dependencias = known[i]
    return dependencias === undefined || dependencias.some(d => matchesText(d.nombre, filter))
  })
}
