import type { RegistrySystem } from '@see/openapi/types'

/** A system's id, as the registry, the scopes and the internal contract name it. */
export type SystemId = RegistrySystem

/** How the PDN's provider configuration names each system. */
export type PdnSystemId = 'S1' | 'S2' | 'S3S' | 'S3P' | 'S4' | 'S5' | 'S6'

/**
 * What one query field means (NOTES.md §1). `path` is a dotted path into the record; every step
 * may cross an array, so `tipoSancion.clave` reads the `clave` of every item.
 * - `id`: exact match on the record's id; when given, the other filters are ignored.
 * - `text`: substring, case-insensitive, vowel-accent-insensitive (`ñ` stays distinct).
 * - `anyOf`: the query is a list; the record matches when any value at `path` is in it.
 * - `equals`: the value at `path` is exactly the query's.
 * - `range`: `{min, max}`, both inclusive, either may be absent.
 * - `date`: one inclusive bound on a date (ISO 8601): `from` keeps records whose date at `path` is
 *   on or after the query's, `to` on or before it (a bare date as `to` covers its whole day).
 * - `requester`: `rfcSolicitante`, who asks; never a filter (see `SystemProfile.requester`).
 */
export type FilterSpec =
  | { kind: 'id' }
  | { kind: 'text', path: string }
  | { kind: 'anyOf', path: string }
  | { kind: 'equals', path: string }
  | { kind: 'range', path: string }
  | { kind: 'date', path: string, bound: 'from' | 'to' }
  | { kind: 'requester' }

/** Standards of their own that a system's records are validated against (`@see/openapi`'s copies). */
export type RecordStandard = 'ocds-1.1.5-release'

/** Names of a system's shapes among the component schemas of `openapi/see.openapi.json`. */
export interface SystemSchemas {
  request: string
  /** The request's `query` (a summary's body is `{query}`). */
  query: string
  response: string
  record: string
  /**
   * When records of several shapes share a system (S1's three declaration types): the schema each
   * record must also meet, by the value at `path` (`metadata.tipo`). A value not listed drops the record.
   */
  recordVariants?: { path: string, schemas: Record<string, string> }
}

/** Where the official specification of a system lives under `pdn-specs/`, and its answer's schema. */
export interface OfficialSpec {
  file: string
  response: string
}

/** A provisional standard of the state: its OpenAPI document in `openapi/` and its version. */
export interface ProvisionalSpec {
  document: string
  version: string
}

/**
 * Filings sent through the platform to an ente: the public routes (no token: anyone may file), the
 * path under the ente's base URL where its provider receives them, and the public contract's schemas.
 */
export interface IntakeSpec {
  path: string
  trackingPath: string
  entePath: string
  /** Folio prefix (`DEN` → `DEN-2026-…`). */
  folioPrefix: string
  schemas: { filing: string, receipt: string, tracking: string, status: string }
  /** A filing of the docs' example (an ente of the simulated fleet). */
  example: Record<string, unknown>
}

/** A system as data: everything the services, the gateway, the registry and the tests read about it. */
export interface SystemProfile {
  id: SystemId
  pdnId: PdnSystemId
  /** Name shown to people, in Spanish. */
  title: string
  /** The scope a client needs to query it. */
  scope: string
  /** The description of the scope, in Spanish. */
  scopeDescription: string
  /**
   * The standard's paths: the gateway publishes them as they are, and `sesna-v1` entes serve them.
   * `dependencias` is absent for standards with no catalogue of institutions (S1, S6).
   */
  paths: { search: string, dependencias?: string }
  /** Default port of its service, and thus its place among the `SERVICE_URLS`. */
  servicePort: number
  schemas: SystemSchemas
  /** Query fields by name. */
  filters: Record<string, FilterSpec>
  /** Sort fields by name, each the dotted path of the string it sorts by (Spanish collation). */
  sorts: Record<string, string>
  /** Where `rfcSolicitante` sits in the request body: inside `query` (S1, S2, S3S) or at the top (S3P). */
  requester: 'query' | 'body'
  /** The query field whose text names an institution: entes known to hold none that match are not asked. */
  institutionFilter?: string
  official?: OfficialSpec
  /**
   * A published standard every record must also meet beyond the record schema of the public
   * contract (S6: the OCDS 1.1.5 release schema, whose shapes the contract does not copy).
   */
  standard?: RecordStandard
  /** For a system SESNA has not standardised yet: the state's provisional standard that entes implement. */
  provisional?: ProvisionalSpec
  /** Filings people send through the platform to the competent ente (S5 denuncias). */
  intake?: IntakeSpec
  /**
   * Record paths (dotted, crossing arrays, `|` for alternatives) that only clients with the
   * system's privileged scope may read (`visibility.ts`); the gateway removes them from every
   * record for everyone else. Defaults per profile, overridable with `PRIVATE_FIELDS`.
   */
  privateFields: readonly string[]
  /**
   * A search body that finds records in the simulated entes' data: the example of the docs (the
   * summary's is its `query`) and the query `npm start` prints. Without one, the first page of everything.
   */
  example?: SystemExample
}

/** A search body of the system's request schema (page, pageSize, query, sort, and for S3P rfcSolicitante). */
export interface SystemExample {
  page?: number
  pageSize?: number
  query?: Record<string, unknown>
  sort?: Record<string, 'asc' | 'desc'>
  rfcSolicitante?: string
}

/** The system's example search body, or the first five records of everything when it has none. */
export function exampleOf (system: Pick<SystemProfile, 'example'>): SystemExample {
  return system.example ?? { page: 1, pageSize: 5 }
}
