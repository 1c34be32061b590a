import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ValidationError } from './errors.js'

/**
 * U+0000, and UTF-16 surrogates without their pair (JSON's `"\ud800"`): not text. PostgreSQL
 * refuses the first in `text` and the second in `jsonb` (the audit log), so either reached the
 * database as a 500; C-based consumers truncate at the first.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const UNSUPPORTED = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

interface Visit { item: unknown, key: string, parent: Visit | undefined }

function pathOf (visit: Visit): string {
  const keys: string[] = []
  for (let at: Visit | undefined = visit; at !== undefined; at = at.parent) keys.push(at.key)
  return keys.reverse().join('/')
}

/**
 * Where in `value` a string (or key) holds an unsupported character, as `body/contacts/0/cargo`;
 * undefined if nowhere. Iterative, with the path built only on a hit: a body nested tens of
 * thousands of levels deep (which JSON.parse accepts) must neither overflow the stack nor build a
 * path per level.
 */
export function unsupportedCharacterAt (value: unknown, where: string): string | undefined {
  const pending: Visit[] = [{ item: value, key: where, parent: undefined }]
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { item } = visit
    if (typeof item === 'string') {
      if (UNSUPPORTED.test(item)) return pathOf(visit)
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (UNSUPPORTED.test(key)) return pathOf(visit)
        pending.push({ item: child, key, parent: visit })
      }
    }
  }
  return undefined
}

function assertSupportedCharacters (request: FastifyRequest): void {
  for (const [part, value] of [['body', request.body], ['querystring', request.query], ['params', request.params]] as const) {
    const where = unsupportedCharacterAt(value, part)
    if (where !== undefined) {
      throw new ValidationError(`${where} contiene un carácter no admitido (U+0000 o un sustituto UTF-16 sin pareja, como \\ud800); quítelo`)
    }
  }
}

/**
 * No request may carry U+0000 or an unpaired surrogate in a string: no API value needs them and
 * the database cannot store them. Checked once for every route, after parsing and before
 * validation, as a 422 SEE_VALIDATION naming where.
 */
export function refuseUnsupportedCharacters (app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => { assertSupportedCharacters(request) })
}
