import type { Dependencia } from '@see/openapi/types'
import { compareSpanish, foldVowels } from '@see/sesna'
import type { SystemFederation } from './context.js'
import type { FailedEnte } from './outcomes.js'
import { throwWhenAllFailed } from './search.js'

function identity (d: Dependencia): string {
  return d.clave ? `clave:${d.clave.trim().toUpperCase()}` : `nombre:${foldVowels(d.nombre ?? '').trim()}`
}

/** Institutions of every ente in production, without repeats, in Spanish order of `nombre`. */
export async function federateDependencias (deps: SystemFederation, requestId: string): Promise<{ body: Dependencia[], failed: FailedEnte[] }> {
  const system = deps.system.id
  const entes = deps.directory.list(system)
  const keys = await deps.cache.enteKeys(system, 'dependencias', entes.map(e => e.clave))
  const keyOf = new Map(entes.map((e, i) => [e.clave, keys[i]!]))
  const cached = await Promise.all(keys.map(async key => await deps.cache.store.get<Dependencia[]>(key)))
  const missing = entes.filter((_, i) => cached[i] === undefined).map(e => e.clave)
  const outcomes = await deps.service.dependencias(missing, { requestId, timeoutMs: deps.settings.deadlineMs })

  const lists: Dependencia[][] = cached.filter((c): c is Dependencia[] => c !== undefined)
  const failed: FailedEnte[] = []
  for (const [i, ente] of missing.entries()) {
    const outcome = outcomes[i]
    if (!outcome?.ok || !outcome.dependencias) {
      failed.push({ ente, code: outcome?.error?.code ?? 'ENTE_NO_OUTCOME' })
      continue
    }
    lists.push(outcome.dependencias)
    await deps.cache.store.set(keyOf.get(ente)!, outcome.dependencias, deps.cache.ttls(system).dependenciasTtlMs)
  }
  throwWhenAllFailed(entes.length, failed)
  const unique = new Map<string, Dependencia>()
  for (const d of lists.flat()) if (!unique.has(identity(d))) unique.set(identity(d), d)
  return { body: [...unique.values()].sort((a, b) => compareSpanish(a.nombre ?? '', b.nombre ?? '')), failed }
}
