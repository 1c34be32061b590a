import type { FastifyInstance, HTTPMethods } from 'fastify'
import FindMyWay, { type HTTPMethod } from 'find-my-way'

// Fastify answers 404 when a path exists but not with the request's method. Routes are mirrored
// here as they are added, so the not-found handler can tell the two apart and name the methods
// the path does accept (RFC 9110 §15.5.6: 405 with an Allow header).

/** The methods a path accepts, in a stable order, or none when no route matches it. */
export type AllowedMethods = (path: string) => string[]

// Catch-all routes such as @fastify/cors' `OPTIONS *` match every path: they say nothing about one.
const CATCH_ALL = new Set(['*', '/*'])

function methodsOf (method: HTTPMethods | HTTPMethods[]): string[] {
  return (Array.isArray(method) ? method : [method]).map(m => m.toUpperCase())
}

/** Starts mirroring the routes of `app` (call before any route is added) and answers which methods a path accepts. */
export function trackAllowedMethods (app: FastifyInstance): AllowedMethods {
  const router = FindMyWay()
  const known = new Set<string>()
  const add = (method: string, url: string): void => {
    try {
      router.on(method as HTTPMethod, url, () => {})
      known.add(method)
    } catch {
      // The same method and path again (a HEAD Fastify adds itself, or a constrained variant).
    }
  }
  app.addHook('onRoute', route => {
    if (CATCH_ALL.has(route.url) || !route.url.startsWith('/')) return
    for (const method of methodsOf(route.method)) {
      add(method, route.url)
      // Fastify serves HEAD for every GET unless told otherwise.
      if (method === 'GET' && route.exposeHeadRoute !== false) add('HEAD', route.url)
    }
  })
  return path => [...known].filter(method => router.find(method as HTTPMethod, path) !== null).sort()
}
