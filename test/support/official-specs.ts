import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { OCDS_RELEASE_SCHEMA_ID } from '@see/openapi'

// Tests prove our answers against SESNA's own files in ../shared/pdn-specs (never copied into the
// repository). PDN_SPECS_DIR overrides the location.

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export const PDN_SPECS_DIR = process.env.PDN_SPECS_DIR ?? resolve(repoRoot, '../shared/pdn-specs')

export function readSpec (relativePath: string): Record<string, any> {
  const file = resolve(PDN_SPECS_DIR, relativePath)
  if (!existsSync(file)) throw new Error(`Official spec not found at ${file}; set PDN_SPECS_DIR or place shared/ beside the clone`)
  return JSON.parse(readFileSync(file, 'utf8'))
}

/**
 * Validators for the component schemas of an official OpenAPI file. `patch` applies the known
 * defects listed in NOTES.md §7 (e.g. S2's `totalRows` `minimum: 1`), each named at its call site.
 */
export function officialValidators (relativePath: string, patch: (schemas: Record<string, any>, spec: Record<string, any>) => void = () => {}, extraSchemas: ReadonlyArray<Record<string, unknown>> = []): (name: string) => ValidateFunction {
  const spec = readSpec(relativePath)
  patch(spec.components.schemas, spec)
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  for (const schema of extraSchemas) ajv.addSchema(schema)
  ajv.addSchema({ $id: 'official', components: spec.components })
  const cache = new Map<string, ValidateFunction>()
  return (name: string) => {
    let validate = cache.get(name)
    if (!validate) {
      validate = ajv.compile({ $ref: `official#/components/schemas/${name}` })
      cache.set(name, validate)
    }
    return validate
  }
}

/** The official S2 (spic 1.1) validators, with `totalRows` allowed to be 0 (NOTES.md §7). */
export function officialS2 (): (name: 'resSpic' | 'reqSpic' | 'respSpic' | 'dependencias' | 'resError') => ValidateFunction {
  return officialValidators('s2/OAS_API_servidores_intervienen_contrataciones.json', schemas => {
    schemas.resSpic.properties.pagination.properties.totalRows.minimum = 0
  })
}

/**
 * The official S3S (servidores sancionados 1.1.0) validators, with the NOTES.md §7 defects
 * relaxed: `totalRows` may be 0, and the stray `minimum` on the boolean `hasNextPage` is gone.
 * `record` is one item of `results`, `records` a list of them (the spec names neither).
 */
export function officialS3S (): (name: 'ssancionados' | 'post_query' | 'dependencias' | 'resError' | 'record' | 'records') => ValidateFunction {
  return officialValidators('s3s/OAS_API_Servidores_Sancionados.json', schemas => {
    const pagination = schemas.ssancionados.properties.pagination.properties
    pagination.totalRows.minimum = 0
    delete pagination.hasNextPage.minimum
    nameResultItems(schemas, 'ssancionados')
  })
}

/**
 * The official S3P (particulares sancionados 1.1.0) validators. Its §7 defect (`page`/`pageSize`
 * typed `number`) makes it looser, not stricter, so nothing needs relaxing to check our answers.
 */
export function officialS3P (): (name: 'resParticularesSancionados' | 'reqParticularesSancionados' | 'dependencias' | 'resError' | 'record' | 'records') => ValidateFunction {
  return officialValidators('s3p/OAS_API_Particulares_Sancionados.json', schemas => nameResultItems(schemas, 'resParticularesSancionados'))
}

/**
 * The OCDS 1.1.5 release schema of SESNA's S6 folder, in the form Ajv 8 reads (draft-04's `id` as
 * `$id`), under the remote address the S6 spec's `$ref` names: the spec is read with the local file.
 */
export function officialOcdsReleaseSchema (): Record<string, unknown> {
  const { id, $schema: _draft, ...schema } = readSpec('s6/ocds-1.1.5/release-schema.json')
  return { ...schema, $id: id }
}

/**
 * The official S6 validators (OAS 1.0, contrataciones abiertas). `contratacionesAbiertas` is its
 * 200 answer with the NOTES.md §7 defects fixed: the `allOf` that wants the pagination fields at
 * the root puts them under `pagination` (where the same answer's other part and every other
 * system put them; `totalRows` may be 0), and the results' remote `$ref` is the local OCDS 1.1.5
 * release schema. `record` is one release.
 */
export function officialS6 (): (name: 'contratacionesAbiertas' | 'requestOpenContracting' | 'resError' | 'record' | 'dependencias') => ValidateFunction {
  return officialValidators('s6/OAS_API_Contrataciones_Abiertas.json', (schemas, spec) => {
    const answer = spec.paths['/contrataciones-abiertas'].post.responses['200'].content['application/json'].schema
    const [paginated, body] = answer.allOf
    if (paginated?.$ref !== '#/components/schemas/paginatedResult' || body?.properties?.results === undefined) throw new Error('S6: the 200 answer is no longer the allOf NOTES.md §7 describes')
    schemas.paginatedResult.properties.totalRows.minimum = 0
    schemas.record = { $ref: OCDS_RELEASE_SCHEMA_ID }
    schemas.contratacionesAbiertas = { ...body, properties: { ...body.properties, pagination: { $ref: '#/components/schemas/paginatedResult' }, results: { ...body.properties.results, items: { $ref: '#/components/schemas/record' } } } }
    schemas.resError = schemas.responseError
    schemas.dependencias = { not: {} }
  }, [officialOcdsReleaseSchema()])
}

/** Names the result item of a response schema `record`, and a list of them `records`. */
function nameResultItems (schemas: Record<string, any>, response: string): void {
  schemas.record = schemas[response].properties.results.items
  schemas.records = { type: 'array', items: { $ref: '#/components/schemas/record' } }
}

/** Vitest-friendly assertion: returns the Ajv errors (empty when valid) for a readable diff. */
export function schemaErrors (validate: ValidateFunction, data: unknown): unknown[] {
  return validate(data) ? [] : (validate.errors ?? [])
}

/** What a system's contract is checked against: its answer, its catalogue of institutions and its error. */
export interface OfficialContract {
  response: ValidateFunction
  dependencias: ValidateFunction
  error: ValidateFunction
}

/** The official validators of each spec file, with that spec's NOTES.md §7 defects relaxed. */
const OFFICIAL_BY_FILE: Record<string, () => (name: any) => ValidateFunction> = {
  's2/OAS_API_servidores_intervienen_contrataciones.json': officialS2,
  's3s/OAS_API_Servidores_Sancionados.json': officialS3S,
  's3p/OAS_API_Particulares_Sancionados.json': officialS3P,
  's1/OAS_API_Declaraciones_Inicial.json': officialS1Contract,
  's6/OAS_API_Contrataciones_Abiertas.json': officialS6
}

/**
 * The official contract of a system, found by its profile's `official.file`. A system whose spec
 * has no entry here fails loudly: its §7 defects must be looked at before its answers are judged.
 */
export function officialContract (official: { file: string, response: string } | undefined): OfficialContract {
  if (official === undefined) throw new Error('the system names no official specification (profile.official)')
  const validators = OFFICIAL_BY_FILE[official.file]
  if (validators === undefined) throw new Error(`no official validators for ${official.file}: add them to test/support/official-specs.ts with the spec's NOTES.md §7 defects`)
  const schema = validators()
  return { response: schema(official.response), dependencias: schema('dependencias'), error: schema('resError') }
}

/** The official S1 files (declaraciones 2.0), one per `metadata.tipo`. */
export const S1_FILES = {
  INICIAL: 's1/OAS_API_Declaraciones_Inicial.json',
  MODIFICACIÓN: 's1/OAS_API_Declaraciones_Modificacion.json',
  CONCLUSIÓN: 's1/OAS_API_Declaraciones_Conclusion.json'
} as const

/**
 * The official S1 validators per declaration type: `record` is one item of `results`, `response`
 * the whole answer (`resDeclaraciones`) of that file. NOTES.md §7's S1 defect is in an example,
 * which validation ignores.
 */
export function officialS1 (): (tipo: string, name: 'record' | 'resDeclaraciones' | 'resError') => ValidateFunction {
  const files = Object.fromEntries(Object.entries(S1_FILES).map(([tipo, file]) => [tipo, officialValidators(file, schemas => nameResultItems(schemas, 'resDeclaraciones'))]))
  return (tipo, name) => {
    const validators = files[tipo]
    if (validators === undefined) throw new Error(`tipo de declaración desconocido: ${tipo}`)
    return validators(name)
  }
}

/** Ajv's errors for every record of an S1 page against the official schema of its own type ([] when all pass). */
export function s1RecordErrors (records: ReadonlyArray<Record<string, any>>, validators = officialS1()): unknown[] {
  return records.flatMap(record => schemaErrors(validators(String(record.metadata?.tipo), 'record'), record).map(error => ({ id: record.id, error })))
}

/**
 * S1 as a contract: the answer's envelope against `resDeclaraciones` and each record against the
 * official file of its own `metadata.tipo`. S1 has no catalogue of institutions (`dependencias`
 * accepts nothing).
 */
function officialS1Contract (): (name: string) => ValidateFunction {
  const validators = officialS1()
  const composite = (check: (data: any) => unknown[]): ValidateFunction => {
    const validate = ((data: any) => {
      const errors = check(data)
      validate.errors = errors.length === 0 ? null : errors as any
      return errors.length === 0
    }) as ValidateFunction
    return validate
  }
  return name => {
    if (name === 'resDeclaraciones') {
      return composite(data => [
        ...schemaErrors(validators('INICIAL', 'resDeclaraciones'), { ...data, results: [] }),
        ...(Array.isArray(data?.results) ? s1RecordErrors(data.results, validators) : ['results no es un arreglo'])
      ])
    }
    if (name === 'dependencias') return composite(() => ['S1 no tiene catálogo de dependencias'])
    return validators('INICIAL', name as 'resError')
  }
}
