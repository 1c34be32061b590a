/** How long each kind of entry of one system is trusted. */
export interface SystemCacheTtls {
  /** A page this young is served as it is. */
  pageFreshMs: number
  /** Until this age a page is served at once while a fresh one is made in the background. */
  pageStaleMs: number
  /** Until this age a page is served when making a new one fails (see `read-through.ts`). */
  pageStaleIfErrorMs: number
  /** Per-ente count for a query. */
  countTtlMs: number
  /** Per-ente list of institutions. */
  dependenciasTtlMs: number
}

/** Per-system overrides, e.g. `{ s2: { pageFreshMs: 30_000 } }`; systems not named use the defaults. */
export type CacheTtlOptions = Partial<Record<string, Partial<SystemCacheTtls>>>

export const defaultCacheTtls: SystemCacheTtls = {
  pageFreshMs: 30_000,
  pageStaleMs: 300_000,
  pageStaleIfErrorMs: 900_000,
  countTtlMs: 30_000,
  dependenciasTtlMs: 300_000
}

export class CacheTtlError extends Error {
  readonly code = 'GATEWAY_CACHE_TTL_INVALID'
}

/** The TTLs of `system`: its overrides over the defaults, checked to be ordered. */
export function ttlsFor (options: CacheTtlOptions | undefined, system: string): SystemCacheTtls {
  const ttls = { ...defaultCacheTtls, ...options?.[system] }
  for (const [name, value] of Object.entries(ttls)) {
    if (!Number.isFinite(value) || value < 0) throw new CacheTtlError(`${system}.${name} must be a finite number ≥ 0, got ${value}`)
  }
  if (ttls.pageStaleMs < ttls.pageFreshMs) throw new CacheTtlError(`${system}.pageStaleMs must be ≥ pageFreshMs`)
  if (ttls.pageStaleIfErrorMs < ttls.pageStaleMs) throw new CacheTtlError(`${system}.pageStaleIfErrorMs must be ≥ pageStaleMs`)
  return ttls
}
