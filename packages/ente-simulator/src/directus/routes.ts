import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DirectusSimError, forbidden, invalidCredentials } from './errors.js'
import type { Item } from './filter.js'
import { runItemsQuery } from './query.js'

// A Directus provider as the PDN reads SESNA's v2 capture tools: `GET /items/:collection` with a
// static token of the read-only role. Like Directus: a wrong token is 401 INVALID_CREDENTIALS; no
// token is the public role, which reads nothing (403 FORBIDDEN); a collection it does not serve
// is 403 too (Directus does not say whether it exists); a bad query is 400 INVALID_QUERY.

export interface DirectusRoutesOptions {
  /** Items by collection name, already in the v2 shape (see `collectionsFromPairs`). */
  collections: Record<string, readonly Item[]>
  /** The static token of the `Api-Interconexion` role. */
  token: string
}

function presented (request: FastifyRequest, params: URLSearchParams): string | undefined {
  const header = request.headers.authorization
  if (typeof header === 'string' && /^bearer /i.test(header)) return header.slice(7).trim()
  return params.get('access_token') ?? undefined
}

function sameToken (given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function fail (reply: FastifyReply, error: DirectusSimError): FastifyReply {
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.body())
}

export function registerDirectusRoutes (app: FastifyInstance, options: DirectusRoutesOptions): void {
  const collections = new Map(Object.entries(options.collections))
  app.get<{ Params: { collection: string } }>('/items/:collection', async (request, reply) => {
    const params = new URL(request.url, 'http://directus.invalid').searchParams
    const token = presented(request, params)
    if (token === undefined) return fail(reply, forbidden())
    if (!sameToken(token, options.token)) return fail(reply, invalidCredentials())
    const items = collections.get(request.params.collection)
    if (items === undefined) return fail(reply, forbidden())
    try {
      return await reply.type('application/json; charset=utf-8').send(runItemsQuery(items, params))
    } catch (error) {
      if (error instanceof DirectusSimError) return fail(reply, error)
      throw error
    }
  })
}

/** Groups `{collection, item}` pairs (what a v1 → v2 conversion gives) into the items of each collection. */
export function collectionsFromPairs (pairs: Iterable<{ collection: string, item: Item }>): Record<string, Item[]> {
  const collections: Record<string, Item[]> = {}
  for (const { collection, item } of pairs) (collections[collection] ??= []).push(item)
  return collections
}
