import fc from 'fast-check'

// Generated requests for the gateway's fuzz test: every body-taking operation of a served OpenAPI
// document, with bodies from "nearly valid" (shaped by the operation's schema, one field wrong) to
// plain garbage (random JSON, huge numbers, deep nesting, long and odd strings, malformed JSON).

type Schema = Record<string, unknown>
type Document = { paths: Record<string, Record<string, unknown>>, components: { schemas: Record<string, Schema> } }

const BODY_METHODS = ['post', 'put', 'patch'] as const
const OPERATOR_SCOPES = ['registry:admin', 'registry:ente']

/** Who calls an operation: an operator, a PDN-like client, or nobody (the OAuth2 endpoints). */
export type Caller = 'operator' | 'pdn' | 'anonymous'

export interface FuzzOperation {
  method: 'POST' | 'PUT' | 'PATCH'
  /** OpenAPI form, e.g. `/registro/v1/entes/{clave}`. */
  path: string
  caller: Caller
  /** Media types of its request body (JSON when it declares none). */
  mediaTypes: string[]
  /** Its JSON request schema, `$ref`s unresolved; undefined when it takes no body. */
  schema?: Schema
  pathParams: string[]
}

function callerOf (security: Array<Record<string, string[]>> | undefined): Caller {
  if (security === undefined || security.length === 0) return 'anonymous'
  return security.some(requirement => Object.values(requirement).some(scopes => scopes.some(scope => OPERATOR_SCOPES.includes(scope)))) ? 'operator' : 'pdn'
}

/** Every operation of the document that takes a body (POST, PUT, PATCH). */
export function fuzzOperations (document: Document): FuzzOperation[] {
  const operations: FuzzOperation[] = []
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of BODY_METHODS) {
      const operation = item[method] as { security?: Array<Record<string, string[]>>, requestBody?: { content?: Record<string, { schema?: Schema }> } } | undefined
      if (operation === undefined) continue
      const content = operation.requestBody?.content ?? {}
      const schema = content['application/json']?.schema ?? Object.values(content)[0]?.schema
      operations.push({
        method: method.toUpperCase() as FuzzOperation['method'],
        path,
        caller: callerOf(operation.security),
        mediaTypes: Object.keys(content).length > 0 ? Object.keys(content) : ['application/json'],
        ...(schema !== undefined && { schema }),
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map(match => match[1] as string)
      })
    }
  }
  return operations
}

function resolve (schema: Schema, document: Document): Schema {
  const ref = schema.$ref
  if (typeof ref !== 'string') return schema
  const name = ref.replace('#/components/schemas/', '')
  return document.components.schemas[name] ?? {}
}

/** Property names and enum values anywhere in a schema: the words a nearly valid body is made of. */
export function wordsOf (schema: Schema | undefined, document: Document, depth = 0, words = new Set<string>()): Set<string> {
  if (schema === undefined || depth > 6) return words
  const resolved = resolve(schema, document)
  for (const value of (resolved.enum as unknown[] | undefined) ?? []) if (typeof value === 'string') words.add(value)
  for (const [name, property] of Object.entries((resolved.properties as Record<string, Schema> | undefined) ?? {})) {
    words.add(name)
    wordsOf(property, document, depth + 1, words)
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    if (typeof resolved[key] === 'object' && resolved[key] !== null) wordsOf(resolved[key] as Schema, document, depth + 1, words)
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const part of (resolved[key] as Schema[] | undefined) ?? []) wordsOf(part, document, depth + 1, words)
  }
  return words
}

const HUGE_NUMBERS = [1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, -0, 1e21, 2 ** 31, -(2 ** 63), 0.5]
const ODD_STRINGS = [
  '', ' ', '\u0000', '\ud800', '\udfff', '\u202e', 'ñandú', 'Ünïcödé 𝔘𝔫𝔦 👩‍👩‍👧', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00',
  'http://127.0.0.1:9/', 'https://169.254.169.254/', 'https://vm/', 'javascript:alert(1)', 'null', 'true', '1e308', 'NaN', '{}', '[]'
]

export const hugeNumber = fc.constantFrom(...HUGE_NUMBERS)
/** Strings up to 300 KB: the largest go past the body limit (256 KB, 16 KB for OAuth2 forms). */
export const longString = fc.constantFrom(1_000, 20_000, 100_000, 300_000).chain(length => fc.constantFrom('a', 'ñ', '😀', '\\').map(unit => unit.repeat(Math.ceil(length / unit.length))))
export const oddString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 1, arbitrary: longString }
)

/** Any JSON value made of odd leaves, small and shallow; keys from `words`, the prototype's names or anything. */
export function jsonValue (words: string[]): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { weight: 4, arbitrary: words.length > 0 ? fc.constantFrom(...words) : fc.string() },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'desconocido') }
  )
  const leaf = fc.oneof(
    oddString, hugeNumber, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    ...(words.length > 0 ? [fc.constantFrom(...words)] : [])
  )
  const { value } = fc.letrec<{ value: unknown }>(tie => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 }))
  }))
  return value
}

/** What the platform refuses in any string (U+0000, unpaired surrogates): kept out of valid bodies, so they go further. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const NOT_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** A valid-looking string for a string schema: its pattern, e-mail or URI format, else an odd string, within maxLength. */
function stringFor (schema: Schema, defects: boolean): fc.Arbitrary<string> {
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined
  // Cutting may split a surrogate pair; a valid body must stay text.
  const fit = (text: string): string => {
    const cut = maxLength === undefined ? text : text.slice(0, maxLength)
    return defects ? cut : cut.replace(new RegExp(NOT_TEXT.source, 'g'), '')
  }
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).map(fit)
  if (schema.format === 'email') return fc.emailAddress().map(fit)
  if (schema.format === 'uri') return fc.oneof(fc.webUrl(), fc.constantFrom('http://127.0.0.1:9/', 'https://api.ente.gob.mx')).map(fit)
  return oddString.map(fit).filter(text => text.length >= ((schema.minLength as number | undefined) ?? 0))
}

/**
 * A body shaped by the schema: each property present or not, valid-looking (so handlers, stores
 * and the federation run: odd but allowed strings reach the database); with `defects`, now and
 * then a value replaced by anything or an unknown field added.
 */
export function nearlyValid (schema: Schema | undefined, document: Document, words: string[], defects = true, depth = 0): fc.Arbitrary<unknown> {
  const anything = jsonValue(words)
  if (schema === undefined || depth > 5) return defects ? anything : fc.constant({})
  const resolved = resolve(schema, document)
  const wrong = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => defects ? fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: anything }) : valid
  if (Array.isArray(resolved.enum)) return wrong(fc.constantFrom(...(resolved.enum as unknown[])))
  switch (resolved.type) {
    case 'object': {
      const properties = (resolved.properties as Record<string, Schema> | undefined) ?? {}
      const shape = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, nearlyValid(property, document, words, defects, depth + 1)]))
      const required = ((resolved.required as string[] | undefined) ?? []).filter(name => name in shape)
      const record = fc.record(shape, defects ? { requiredKeys: [] } : { requiredKeys: required })
      if (!defects) return record
      return wrong(fc.tuple(record, fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), anything, { minKeys: 1, maxKeys: 2 }), { freq: 10, nil: undefined }))
        .map(([known, extra]) => ({ ...known, ...extra })))
    }
    case 'array': {
      const items = nearlyValid(resolved.items as Schema | undefined, document, words, defects, depth + 1)
      const maxLength = (resolved.maxItems as number | undefined) ?? 6
      return wrong(resolved.uniqueItems === true && !defects ? fc.uniqueArray(items, { maxLength, selector: item => JSON.stringify(item) }) : fc.array(items, { maxLength }))
    }
    case 'integer': {
      const inRange = fc.integer({ min: (resolved.minimum as number | undefined) ?? -10, max: (resolved.maximum as number | undefined) ?? 1_000 })
      return defects ? wrong(fc.oneof({ weight: 6, arbitrary: inRange }, { weight: 1, arbitrary: hugeNumber }, { weight: 1, arbitrary: fc.integer() })) : inRange
    }
    case 'number': return wrong(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), hugeNumber))
    case 'boolean': return wrong(fc.boolean())
    case 'string': return wrong(stringFor(resolved, defects))
    default: return anything
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` times, as JSON text. */
export function deeplyNested (depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

/** JSON text that is not JSON, or JSON that JSON.parse turns into odd values. */
export function malformedJson (words: string[]): fc.Arbitrary<string> {
  const sample = jsonValue(words).map(value => JSON.stringify(value) ?? 'null')
  return fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    sample.chain(text => fc.nat({ max: Math.max(0, text.length - 1) }).map(cut => text.slice(0, cut))), // truncated
    sample.map(text => `${text},`),
    sample.map(text => `\ufeff${text}`),
    fc.constantFrom('{', '}', '[', '{"a":1,}', "{'a':1}", '{"a":undefined}', 'NaN', 'Infinity', '1e309', '{"page":1e309}', '{"pageSize":-1e309}',
      '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":"\\ud800"}', '"\\u0000"', '{"a":1}{"b":2}', ' ', '\u0000', 'nul', 'tru'),
    fc.tuple(fc.integer({ min: 10, max: 60_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([depth, kind]) => deeplyNested(depth, kind))
  )
}

/** A raw `application/x-www-form-urlencoded` body: the schema's fields (some repeated) with odd values, or garbage. */
export function formBody (words: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(words.length > 0 ? fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 10 })) : fc.string({ maxLength: 10 }), fc.oneof(oddString, fc.constantFrom(...(words.length > 0 ? words : ['x']))))
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(pair, { maxLength: 8 }).map(pairs => new URLSearchParams(pairs).toString()) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', 'a=%ZZ', '&&&=', '=', 'grant_type[]=x', 'grant_type[a]=b', '__proto__[x]=1', 'a=1&a=2&a=3') }
  )
}

export interface FuzzRequest {
  operation: FuzzOperation
  /** Path with its parameters filled in (URL-encoded). */
  url: string
  contentType?: string
  payload: string
  authorization?: string
}

/** Values for path parameters: known ones (an existing ente…), unknown ones, and anything. */
function pathValue (name: string, known: Record<string, string[]>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(known[name] ?? ['x'])) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 50 }) })
}

/** One request against one of `operations`: a body from garbage to nearly valid, in one of the ways clients send them. */
export function fuzzRequest (operations: FuzzOperation[], document: Document, known: Record<string, string[]>, tokens: Record<Exclude<Caller, 'anonymous'>, string>): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain((operation) => {
    const words = [...wordsOf(operation.schema, document)]
    const params = fc.tuple(...operation.pathParams.map(name => pathValue(name, known)))
    const json = fc.oneof(
      { weight: 4, arbitrary: nearlyValid(operation.schema, document, words, false) },
      { weight: 3, arbitrary: nearlyValid(operation.schema, document, words, true) },
      { weight: 2, arbitrary: jsonValue(words) }
    ).map(value => JSON.stringify(value) ?? 'null')
    const body = fc.oneof(
      { weight: 6, arbitrary: json.map(payload => ({ payload, contentType: 'application/json' as string | undefined })) },
      { weight: 2, arbitrary: malformedJson(words).map(payload => ({ payload, contentType: 'application/json' as string | undefined })) },
      ...(operation.mediaTypes.includes('application/x-www-form-urlencoded')
        ? [{ weight: 4, arbitrary: formBody(words).map(payload => ({ payload, contentType: 'application/x-www-form-urlencoded' as string | undefined })) }]
        : []),
      {
        weight: 1,
        arbitrary: fc.tuple(json, fc.constantFrom<string | undefined>('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', undefined, 'application/x-www-form-urlencoded'))
          .map(([payload, contentType]) => ({ payload, contentType }))
      }
    )
    const basic = fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })).map(([id, secret]) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`)
    const authorization = operation.caller === 'anonymous'
      ? fc.option(fc.oneof(basic, fc.constantFrom('Basic', 'Basic !!!', 'Bearer x')), { freq: 3 })
      : fc.constant(`Bearer ${tokens[operation.caller]}`)
    return fc.tuple(params, body, authorization).map(([values, { payload, contentType }, auth]) => {
      let url = operation.path
      operation.pathParams.forEach((name, i) => { url = url.replace(`{${name}}`, encodeURIComponent(values[i] as string)) })
      return { operation, url, payload, ...(contentType !== undefined && { contentType }), ...(auth !== null && { authorization: auth }) }
    })
  })
}
