import type { Dependencia } from '@see/openapi/types'
import type { EnteEntry } from '@see/registry'
import { matchesText, parseFederatedId } from '@see/sesna'
import type { Cache } from '../cache/cache.js'
import type { NormalizedSpicRequest } from './normalize.js'

export const dependenciasKey = (ente: string): string => `s2:dependencias:${ente}`

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
export async function scopeByInstitution (entes: EnteEntry[], request: NormalizedSpicRequest, cache: Cache): Promise<EnteEntry[]> {
  const filter = request.query.institucionDependencia
  if (filter === undefined) return entes
  const known = await Promise.all(entes.map(e => cache.get<Dependencia[]>(dependenciasKey(e.clave))))
  return entes.filter((_, i) => {
    const dependencias = known[i]
    return dependencias === undefined || dependencias.some(d => matchesText(d.nombre, filter))
  })
}
