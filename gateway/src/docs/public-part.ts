import { REGISTRY_ADMIN_SCOPE, REGISTRY_ENTE_SCOPE } from '@see/auth'
import type { OpenApiDocument } from '@see/openapi'

/** Scopes only SESAECH's operators and the entes' registry clients hold. */
const OPERATOR_SCOPES = new Set([REGISTRY_ADMIN_SCOPE, REGISTRY_ENTE_SCOPE])
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])
const REF = /^#\/components\/([^/]+)\/([^/]+)$/

type Requirement = Record<string, string[]>

/** An operation whose every way in needs an operator's (or an ente's registry) scope. */
function forOperators (operation: { security?: Requirement[] }): boolean {
  const security = operation.security
  if (security === undefined || security.length === 0) return false
  return security.every(requirement => Object.values(requirement).some(scopes => scopes.some(scope => OPERATOR_SCOPES.has(scope))))
}

function refsIn (node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) refsIn(item, found)
  } else if (typeof node === 'object' && node !== null) {
    const ref = (node as { $ref?: unknown }).$ref
    if (typeof ref === 'string' && REF.test(ref)) found.add(ref)
    for (const value of Object.values(node)) refsIn(value, found)
  }
}

/** Every component reachable from `roots`, as `#/components/<kind>/<name>`. */
function reachable (document: OpenApiDocument, roots: unknown): Set<string> {
  const seen = new Set<string>()
  const pending = new Set<string>()
  refsIn(roots, pending)
  while (pending.size > 0) {
    const [ref] = pending
    pending.delete(ref as string)
    if (seen.has(ref as string)) continue
    seen.add(ref as string)
    const [, kind = '', name = ''] = REF.exec(ref as string) ?? []
    refsIn((document.components[kind] as Record<string, unknown> | undefined)?.[name], pending)
  }
  return seen
}

/**
 * The part of a document anyone may read: the operations not reserved to operators, and only the
 * components, security schemes and tags they use (no schema of the administration shows through).
 */
export function publicPart (document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const [path, item] of Object.entries(copy.paths) as Array<[string, Record<string, { security?: Requirement[], tags?: string[] }>]>) {
    const kept = Object.fromEntries(Object.entries(item).filter(([key, operation]) => !HTTP_METHODS.has(key) || !forOperators(operation)))
    if (Object.keys(kept).some(key => HTTP_METHODS.has(key))) paths[path] = kept
  }
  const used = reachable(copy, paths)
  const operations = Object.values(paths).flatMap(item => Object.entries(item).filter(([key]) => HTTP_METHODS.has(key)).map(([, op]) => op as { security?: Requirement[], tags?: string[] }))
  const schemes = new Set([...(copy.security as Requirement[] | undefined ?? []), ...operations.flatMap(op => op.security ?? [])].flatMap(requirement => Object.keys(requirement)))
  const components: OpenApiDocument['components'] = { schemas: {} }
  for (const [kind, group] of Object.entries(copy.components) as Array<[string, Record<string, unknown>]>) {
    const keep = Object.entries(group).filter(([name]) => kind === 'securitySchemes' ? schemes.has(name) : used.has(`#/components/${kind}/${name}`))
    if (keep.length > 0 || kind === 'schemas') components[kind] = Object.fromEntries(keep)
  }
  const tags = new Set(operations.flatMap(op => op.tags ?? []))
  const part: OpenApiDocument = { ...copy, paths, components }
  if (Array.isArray(copy.tags)) part.tags = (copy.tags as Array<{ name: string }>).filter(tag => tags.has(tag.name))
  return part
}
