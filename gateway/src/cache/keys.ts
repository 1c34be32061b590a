import { hash } from 'node:crypto'
import { canonicalJson } from '@see/openapi'

// Cache keys carry what changes an answer: the system, the generation (invalidation), the
// caller's visibility, and a hash of the normalized request — short keys whatever the query
// size, and no query text (names, RFCs) sitting in Redis key listings.

/**
 * Who an answer was made for: `public`, or `rfc-<hash>` for a caller who sent `rfcSolicitante`;
 * prefixed `privado-` for a client with the system's privileged scope (whole records).
 */
export type Visibility = 'public' | `rfc-${string}` | 'privado' | `privado-rfc-${string}`

function sha256 (text: string): string {
  return hash('sha256', text, 'base64url')
}

/**
 * Entes may return non-public fields to a caller that names itself with `rfcSolicitante`, so
 * answers for different callers never share an entry. The RFC is kept exactly as sent (an ente
 * could tell `abc` from `ABC`) and hashed, never written in clear.
 */
export function visibilityOf (query: object | undefined, privileged = false): Visibility {
  const rfc = (query as { rfcSolicitante?: unknown } | undefined)?.rfcSolicitante
  if (typeof rfc !== 'string' || rfc === '') return privileged ? 'privado' : 'public'
  return privileged ? `privado-rfc-${sha256(rfc).slice(0, 16)}` : `rfc-${sha256(rfc).slice(0, 16)}`
}

export interface PageKeyParts {
  /** `s2`, `s1`, …: the PDN system the page answers. */
  system: string
  /** The normalized query (defaults applied, empty filters dropped), `rfcSolicitante` included. */
  query: object
  page: number
  pageSize: number
  /** Field → direction, in priority order: the order of its keys is part of the key. */
  sort: object | undefined
  /** The system's generation (see `generations.ts`): bumping it retires every page of the system. */
  generation: number
  /** For a client with the system's privileged scope: its pages apart from public ones. */
  privileged?: boolean
}

// Bumped when what a page entry holds changes shape, so instances of two releases sharing one
// Redis never read each other's entries (v2: the body as serialized JSON).
const PAGE_FORMAT = 'v2'

/** Key of a federated page: `<system>:page:v2:g<generation>:<visibility>:<sha256 of query, page, pageSize, sort>`. */
export function pageKey (parts: PageKeyParts): string {
  const request = canonicalJson({
    query: parts.query,
    page: parts.page,
    pageSize: parts.pageSize,
    sort: Object.entries(parts.sort ?? {})
  })
  return `${parts.system}:page:${PAGE_FORMAT}:g${parts.generation}:${visibilityOf(parts.query, parts.privileged === true)}:${sha256(request)}`
}

/** `<visibility>:<sha256 of the normalized query>`: what a query adds to the keys of per-ente entries. */
export function queryDigest (query: object): string {
  return `${visibilityOf(query)}:${sha256(canonicalJson(query))}`
}

export interface EnteKeyParts {
  system: string
  ente: string
  /** What the entry holds: `count`, `dependencias`, … */
  kind: string
  /** `queryDigest` of the normalized query, for entries that depend on one (counts); absent for per-ente facts. */
  queryDigest?: string
  /** The ente's generation: bumping it retires every entry of that ente. */
  generation: number
}

/** Key of a per-ente entry: `<system>:<kind>:<ente>:g<generation>[:<visibility>:<sha256 of query>]`. */
export function enteKey (parts: EnteKeyParts): string {
  const base = `${parts.system}:${parts.kind}:${encodeURIComponent(parts.ente)}:g${parts.generation}`
  return parts.queryDigest === undefined ? base : `${base}:${parts.queryDigest}`
}
