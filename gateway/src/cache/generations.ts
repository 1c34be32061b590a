import type { CacheStore } from '@see/cache'

// Invalidation by generation: keys embed a counter, and bumping it makes every older key
// unreachable at once (no scan, no delete; the old entries age out by TTL). Each ente has its
// own counter for its per-ente entries (counts, dependencias); each system has one more for
// federated pages, which mix every ente, bumped whenever any of its entes changes.

export function systemGenerationKey (system: string): string {
  return `gen:${system}`
}

export function enteGenerationKey (system: string, ente: string): string {
  return `gen:${system}:${encodeURIComponent(ente)}`
}

/** The generation page keys of `system` use now. */
export async function systemGeneration (store: CacheStore, system: string): Promise<number> {
  const [generation] = await store.counters([systemGenerationKey(system)])
  return generation ?? 0
}

/** The generations per-ente keys use now, in the order of `entes` (one round trip). */
export async function enteGenerations (store: CacheStore, system: string, entes: string[]): Promise<number[]> {
  return await store.counters(entes.map(ente => enteGenerationKey(system, ente)))
}

/** Retires every cached entry of one ente — its counts, its dependencias — and every page of its system. */
export async function invalidateEnte (store: CacheStore, system: string, ente: string): Promise<void> {
  await store.increment(enteGenerationKey(system, ente))
  await store.increment(systemGenerationKey(system))
}
