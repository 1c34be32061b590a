import { readFileSync } from 'node:fs'

// The OCDS 1.1.5 release schema (Open Contracting Partnership, Apache 2.0), copied unchanged from
// SESNA's specs (`s6/ocds-1.1.5/release-schema.json`): S6 answers are OCDS releases, and SESNA's
// OAS 1.0 points its results at this schema by a remote `$ref` (NOTES.md §7), read here from the
// local copy instead. It is JSON Schema draft-04; `ocdsReleaseSchema()` gives it in the form Ajv 8
// reads (draft-04's `id` as `$id`, no `$schema`: nothing else of draft-04 is used by the file).

/** The `$id` under which the release schema is registered (its own `id`). */
export const OCDS_RELEASE_SCHEMA_ID = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json'

/** The OCDS version the platform publishes (`version` of release and record packages). */
export const OCDS_VERSION = '1.1'

/** The release schema exactly as the standard publishes it. */
export function ocdsReleaseSchemaFile (): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../ocds/release-schema.json', import.meta.url), 'utf8')) as Record<string, unknown>
}

/** The release schema for Ajv 8 (`strict: false`: OCDS' own keywords such as `codelist` are annotations). */
export function ocdsReleaseSchema (): Record<string, unknown> {
  const { id, $schema: _draft, ...schema } = ocdsReleaseSchemaFile()
  return { $id: id, ...schema }
}
