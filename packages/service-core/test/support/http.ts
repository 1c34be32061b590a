import { request } from 'undici'

export interface JsonAnswer<T> {
  status: number
  body: T
}

/** A real HTTP POST of JSON (integration tests talk to the service over the loopback). */
export async function postJson<T> (baseUrl: string, path: string, payload: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer<T>> {
  const response = await request(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload)
  })
  return { status: response.statusCode, body: await response.body.json() as T }
}
