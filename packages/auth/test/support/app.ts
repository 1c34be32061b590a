import { createServer } from '@see/kit'
import { publicDocument, PUBLIC_SCHEMA_ID, schemaBundle } from '@see/openapi'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { createClient, createUser, KeyRing, oauthServer, type AuthStore, type OAuthServerOptions } from '../../src/index.js'
import { memoryAuthStore } from '../../src/store/memory.js'
import { useCheapSecretHashing } from '../../src/testing.js'

// Every file that builds the test server creates and verifies many secrets; secrets.test.ts checks the production cost.
useCheapSecretHashing()

export const ISSUER = 'https://see.chiapas.gob.mx'
export const AUDIENCE = 'https://see.chiapas.gob.mx/api'
export const PDN_USER = { username: 'pdn-sesna', password: 'contraseña-de-prueba-larga' }

export interface Seeded {
  /** The PDN: password grant allow-listed, S2 only, no refresh tokens. */
  pdn: { id: string, secret: string }
  /** A platform client allowed password + refresh_token, S1 and S2. */
  portal: { id: string, secret: string }
  /** A machine client: client_credentials only. */
  machine: { id: string, secret: string }
  /** A client with password grant configured but NOT on the allow-list. */
  outsider: { id: string, secret: string }
}

export async function seed (store: AuthStore): Promise<Seeded> {
  const pdn = await createClient(store, { clientId: 'pdn', name: 'Plataforma Digital Nacional', scopes: ['read:spic'], passwordGrant: true })
  const portal = await createClient(store, {
    clientId: 'portal',
    name: 'Portal SEE',
    scopes: ['read:spic', 'read:declaraciones'],
    defaultScopes: ['read:spic'],
    grants: ['password', 'refresh_token'],
    passwordGrant: true
  })
  const machine = await createClient(store, { clientId: 'machine', name: 'Tarea programada', scopes: ['read:spic', 'read:ssancionados'], defaultScopes: ['read:ssancionados'] })
  const outsider = await createClient(store, { clientId: 'outsider', name: 'Cliente sin lista', scopes: ['read:spic'], grants: ['password'] })
  await createUser(store, PDN_USER.username, PDN_USER.password)
  return {
    pdn: { id: pdn.client.clientId, secret: pdn.secret },
    portal: { id: portal.client.clientId, secret: portal.secret },
    machine: { id: machine.client.clientId, secret: machine.secret },
    outsider: { id: outsider.client.clientId, secret: outsider.secret }
  }
}

export interface TestApp {
  app: FastifyInstance
  store: AuthStore
  keys: KeyRing
}

/** A kit server with the public schemas, the OAuth2 server and resource routes of S1 and S2. */
export async function buildApp (options: Partial<OAuthServerOptions> = {}, logger: FastifyServerOptions['logger'] = false): Promise<TestApp> {
  const app = await createServer({ name: 'auth-test', logger, maxEventLoopDelay: 0 })
  app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
  const keys = options.keys ?? await KeyRing.generate()
  const store = options.store ?? memoryAuthStore()
  // Failed answers are held only a few ms here so the matrix runs fast; throttle.test.ts uses real delays.
  const rateLimit = options.rateLimit ?? { delay: { freeFailures: 3, baseMs: 2, maxMs: 10, windowMs: 60_000 } }
  await app.register(oauthServer, { issuer: ISSUER, audience: AUDIENCE, ...options, rateLimit, store, keys })
  app.get('/v1/spic/dependencias', { onRequest: app.oauth.requireScope('read:spic') }, async request => [{ nombre: 'Ok', clave: String(request.accessToken?.sub) }])
  app.post('/v1/spic', { onRequest: app.oauth.requireScope('read:spic') }, async request => ({ sub: request.accessToken?.sub }))
  app.post('/v2/declaraciones', { onRequest: app.oauth.requireScope('read:declaraciones') }, async () => ({ ok: true }))
  await app.ready()
  return { app, store, keys }
}

export function basic (id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
}

export function form (fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
