import type { Dependencia } from '@see/openapi/types'
import type { EnteEntry } from '@see/registry'
import { matchesText, parseFederatedId } from '@see/sesna'
import type { FederationCache } from '../cache/index.js'
import type { NormalizedSpicRequest } from './normalize.js'

/**
 * `query.id` names one record of one ente: only that ente is asked, with its own id. An id
 * without a known ente prefix matches nothing.
 */
export function scopeById (entes: EnteEntry[], request: NormalizedSpicRequest): { entes: EnteEntry[], request: NormalizedSpicRequest } {
  if (request.query.id === undefined) return { entes, request }
  const parsed = parseFederatedId(request.query.id)
  const ente = parsed && entes.find(e => e.clave === parsed.ente)
  if (!parsed || !ente) return { entes: [], request }
  return { entes: [ente], request: { ...request, query: { id: parsed.localId } } }
}

/**
 * An `institucionDependencia` filter goes only to entes that hold a matching institution. Entes
 * whose dependencias are not known (not yet cached) are still asked, so nothing is lost.
 */
export async function scopeByInstitution (entes: EnteEntry[], request: NormalizedSpicRequest, cache: FederationCache): Promise<EnteEntry[]> {
  const filter = request.query.institucionDependencia
  if (filter === undefined) return entes
  const keys = await cache.enteKeys('s2', 'dependencias', entes.map(e => e.clave))
  const known = await Promise.all(keys.map(async key => await cache.store.get<Dependencia[]>(key)))
  return entes.filter((_, i) => {
    const dependencias = known[i]
    return dependencias === undefined || dependencias.some(d => matchesText(d.nombre, filter))
  })
}
