import type { RegistryProtocol, RegistrySystem } from '@see/openapi/types'
import { SYSTEM_IDS, systemById, type PdnSystemId } from '@see/systems'

// The registry onboards every system of @see/systems; these are its views of that one list.

export const REGISTRY_SYSTEMS: readonly RegistrySystem[] = SYSTEM_IDS
export const REGISTRY_PROTOCOLS: readonly RegistryProtocol[] = ['sesna-v1', 'directus-v2', 'ocds-releases']

/** The system's name in the PDN's provider configuration. */
export function pdnSystemId (system: RegistrySystem): PdnSystemId {
  return systemById(system).pdnId
}

/**
 * Where the official v1 specifications put each system's search and its catalogue of institutions
 * (NOTES.md §1). S4 and S5 have no national standard yet.
 */
export function sesnaV1Paths (system: RegistrySystem): { search: string, dependencias?: string } {
  return systemById(system).paths
}

/** Joins a base URL and a standard path without doubling the slash. */
export function joinUrl (base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`
}
