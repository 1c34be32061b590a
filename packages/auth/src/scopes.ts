import { privilegedScope, SYSTEMS, type SystemId } from '@see/systems'
/**
 * Scopes of the platform: one read scope per system, as its profile names it (after the SESNA
 * standard where it names one: S1's `read:declaraciones`), plus the two scopes of the Sistema Registral.
 */
export const SYSTEM_SCOPES: Readonly<Record<SystemId, string>> = Object.fromEntries(SYSTEMS.map(system => [system.id, system.scope])) as Record<SystemId, string>

export type SystemKey = SystemId

export const REGISTRY_ADMIN_SCOPE = 'registry:admin'
/** Held by clients bound to one ente: lets them manage that ente's own registry entry only. */
export const REGISTRY_ENTE_SCOPE = 'registry:ente'

/** Each system's privileged scope (`read:<system>:privado`, the one rule of `@see/systems`): authorities read private fields with it. */
export const PRIVILEGED_SCOPES: readonly string[] = SYSTEMS.map(privilegedScope)

export const KNOWN_SCOPES: readonly string[] = [...Object.values(SYSTEM_SCOPES), ...PRIVILEGED_SCOPES, REGISTRY_ADMIN_SCOPE, REGISTRY_ENTE_SCOPE]

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/

export function isKnownScope (scope: string): boolean {
  return KNOWN_SCOPES.includes(scope)
}

/** Splits a `scope` parameter into distinct scope tokens; undefined when it is not well formed. */
export function parseScope (value: string): string[] | undefined {
  const tokens = value.split(' ').filter(t => t !== '')
  if (!tokens.every(t => SCOPE_TOKEN.test(t))) return undefined
  return [...new Set(tokens)]
}

export function formatScope (scopes: readonly string[]): string {
  return scopes.join(' ')
}

export type ScopeDecision = { scopes: string[] } | { error: string }

/**
 * Which scopes a token gets. Without a `scope` parameter the client's default scopes; with one,
 * exactly what was asked when every scope is known and allowed for the client (we refuse rather
 * than silently narrow, so a misconfigured client learns at once).
 */
export function decideScopes (requested: string | undefined, allowed: readonly string[], defaults: readonly string[]): ScopeDecision {
  if (requested === undefined || requested.trim() === '') {
    const granted = defaults.filter(s => allowed.includes(s))
    return granted.length > 0 ? { scopes: granted } : { error: 'El cliente no tiene alcances predeterminados; indique el parámetro scope.' }
  }
  const scopes = parseScope(requested)
  if (scopes === undefined) return { error: 'El parámetro scope está mal formado.' }
  const unknown = scopes.filter(s => !isKnownScope(s))
  if (unknown.length > 0) return { error: `Alcance desconocido: ${unknown.join(', ')}.` }
  const denied = scopes.filter(s => !allowed.includes(s))
  if (denied.length > 0) return { error: `Alcance no permitido para este cliente: ${denied.join(', ')}.` }
  return { scopes }
}

/** A narrower request on refresh: every asked scope must already be in the original grant. */
export function narrowScopes (requested: string | undefined, original: readonly string[]): ScopeDecision {
  if (requested === undefined || requested.trim() === '') return { scopes: [...original] }
  const scopes = parseScope(requested)
  if (scopes === undefined) return { error: 'El parámetro scope está mal formado.' }
  const extra = scopes.filter(s => !original.includes(s))
  if (extra.length > 0) return { error: `El alcance excede el concedido originalmente: ${extra.join(', ')}.` }
  return { scopes }
}

export function hasScope (granted: string | readonly string[], required: string): boolean {
  const scopes = typeof granted === 'string' ? granted.split(' ') : granted
  return scopes.includes(required)
}
