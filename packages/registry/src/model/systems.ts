import type { RegistryProtocol, RegistrySystem } from '@see/openapi/types'

export const REGISTRY_SYSTEMS: readonly RegistrySystem[] = ['s1', 's2', 's3s', 's3p', 's4', 's5', 's6']
export const REGISTRY_PROTOCOLS: readonly RegistryProtocol[] = ['sesna-v1', 'directus-v2']

/** The system's name in the PDN's provider configuration. */
export const PDN_SYSTEM_ID: Record<RegistrySystem, 'S1' | 'S2' | 'S3S' | 'S3P' | 'S4' | 'S5' | 'S6'> = {
  s1: 'S1', s2: 'S2', s3s: 'S3S', s3p: 'S3P', s4: 'S4', s5: 'S5', s6: 'S6'
}

/**
 * Where the official v1 specifications put each system's search and its catalogue of institutions
 * (NOTES.md §1). S4 and S5 have no national standard yet.
 */
export const SESNA_V1_PATHS: Record<RegistrySystem, { search?: string, dependencias?: string }> = {
  s1: { search: '/v2/declaraciones' },
  s2: { search: '/v1/spic', dependencias: '/v1/spic/dependencias' },
  s3s: { search: '/v1/ssancionados', dependencias: '/v1/ssancionados/dependencias' },
  s3p: { search: '/v1/psancionados', dependencias: '/v1/psancionados/dependencias' },
  s4: {},
  s5: {},
  s6: { search: '/contrataciones-abiertas' }
}

/** Joins a base URL and a standard path without doubling the slash. */
export function joinUrl (base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`
}
