import fp from 'fastify-plugin'
import cors from '@fastify/cors'

export interface CorsPluginOptions {
  /** Exact origins (`https://portal.example.gob.mx`) whose web pages may call the API; none by default. */
  origins: readonly string[]
}

// Browsers may read these answer headers from another origin: the request id to report a
// problem, which entes were left out, whether the page came from the cache, when to retry.
const EXPOSED_HEADERS = ['x-request-id', 'x-see-incomplete', 'x-see-cache', 'x-see-private-removed', 'retry-after']

/**
 * CORS for the web pages of the listed origins only: their preflights are answered (204 with the
 * methods and headers allowed) and their answers carry Access-Control-Allow-Origin. Any other
 * origin gets no CORS header at all, so browsers keep its pages out; without origins nothing is
 * registered. Tokens travel in the Authorization header, never in cookies: no credentials mode.
 */
export default fp<CorsPluginOptions>(async function corsPolicy (app, options) {
  if (options.origins.length === 0) return
  const allowed = new Set(options.origins)
  await app.register(cors, {
    origin: (origin, callback) => { callback(null, origin !== undefined && allowed.has(origin)) },
    // Every method the gateway may serve; a route still answers only its own (405 otherwise).
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // A preflight lacking Access-Control-Request-Method is answered like any other, not with a text/plain 400.
    strictPreflight: false
  })
}, { name: 'see-cors' })
