import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

type Directives = Record<string, string[]>

/**
 * The Content-Security-Policy of every answer. The platform's APIs answer JSON, never a page, so a
 * browser that renders one anyway may load nothing, run nothing and frame it nowhere.
 */
export const API_CSP: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"]
}

/**
 * The policy of an HTML page an app serves (the Swagger UI at /docs): its own scripts, styles,
 * fonts and images, calls to its own origin only, no plugin, no inline script, never framed.
 * Swagger UI applies an inline style (Chromium reports it blocked under `style-src 'self'`), hence
 * `'unsafe-inline'` for styles — never for scripts.
 */
export const PAGE_CSP: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"]
}

/**
 * The route `config` that gives a route the page policy instead of the API's, e.g. in an `onRoute`
 * hook: `route.config = { ...route.config, ...pageSecurityHeaders() }`.
 */
export function pageSecurityHeaders (): { helmet: { contentSecurityPolicy: { useDefaults: false, directives: Directives } } } {
  return { helmet: { contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP } } }
}

/**
 * Security headers on every answer (helmet): the API's CSP, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, HSTS (honoured only over https, where
 * the deployment terminates TLS), cross-origin isolation of resources. No
 * `upgrade-insecure-requests`: over the plain http of development it would break the docs page.
 */
export async function installSecurityHeaders (app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    frameguard: { action: 'deny' }
  })
}
