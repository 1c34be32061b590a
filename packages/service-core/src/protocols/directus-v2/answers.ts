import { badShape, DirectusProtocolError } from './errors.js'
import type { DirectusItem } from '@see/systems'

// What a Directus provider answers: `{data: [...], meta: {filter_count, total_count}}` on success;
// on failure Directus itself sends `{errors: [{message, extensions: {code}}]}` while the v2 specs
// describe `{error: {code, message}}`. Both are read; only a code that looks like one is quoted.

export interface ItemsAnswer {
  items: DirectusItem[]
  /** `meta.filter_count`, when asked for. */
  filterCount?: number
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function count (value: unknown): number | undefined {
  // PostgreSQL counts are bigint: some Directus versions send them as strings.
  const number = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : undefined
}

/** Checks a Directus items answer; throws `ENTE_BAD_SHAPE` when it is not one. */
export function parseItemsAnswer (body: unknown, options: { needCount?: boolean } = {}): ItemsAnswer {
  if (!isObject(body)) throw badShape('La respuesta de Directus no es un objeto JSON.')
  const { data, meta } = body
  if (!Array.isArray(data)) throw badShape('La respuesta de Directus no trae el arreglo «data».')
  const index = data.findIndex(item => !isObject(item))
  if (index >= 0) throw badShape(`El elemento ${index} de «data» no es un objeto.`)
  const answer: ItemsAnswer = { items: data as DirectusItem[] }
  if (options.needCount !== true) return answer
  const filterCount = isObject(meta) ? count(meta.filter_count) : undefined
  if (filterCount === undefined) throw badShape('La respuesta de Directus no trae «meta.filter_count» como entero >= 0.')
  answer.filterCount = filterCount
  return answer
}

/** The provider's own error code, when it is a plain code (never free text). */
function providerCode (body: unknown): string | undefined {
  if (!isObject(body)) return undefined
  const errors = body.errors
  const first = Array.isArray(errors) ? errors[0] : undefined
  const fromList = isObject(first) && isObject(first.extensions) ? first.extensions.code : undefined
  const fromSpec = isObject(body.error) ? body.error.code : undefined
  const code = fromList ?? fromSpec
  if (typeof code === 'number' && Number.isSafeInteger(code)) return String(code)
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : undefined
}

/** The typed error for a non-2xx answer of a Directus provider. */
export function directusErrorFor (status: number, body: unknown): DirectusProtocolError {
  const code = providerCode(body)
  const said = `(HTTP ${status}${code === undefined ? '' : `, ${code}`})`
  if (status === 401 || status === 403) {
    return new DirectusProtocolError('ENTE_AUTH_FAILED', `Directus negó el acceso ${said}: revise que el token sea del rol Api-Interconexion y que ese rol pueda leer las colecciones del sistema.`, status)
  }
  if (status === 400) return new DirectusProtocolError('ENTE_REJECTED_QUERY', `Directus rechazó la consulta ${said}.`, status)
  return new DirectusProtocolError('ENTE_HTTP_ERROR', `Directus respondió con error ${said}.`, status)
}
