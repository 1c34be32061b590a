import { request } from 'undici'

export interface JsonAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: any
}

/** Real HTTP on loopback, as the PDN calls us. */
export async function postJson (url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const text = await response.body.text()
  return { status: response.statusCode, headers: response.headers, body: text.length > 0 ? JSON.parse(text) : undefined }
}

export async function getJson (url: string, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await request(url, { headers })
  const text = await response.body.text()
  return { status: response.statusCode, headers: response.headers, body: text.length > 0 ? JSON.parse(text) : undefined }
}

/** A form post (OAuth2 token requests). */
export async function postForm (url: string, form: Record<string, string>): Promise<JsonAnswer> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() })
  const text = await response.body.text()
  return { status: response.statusCode, headers: response.headers, body: text.length > 0 ? JSON.parse(text) : undefined }
}
