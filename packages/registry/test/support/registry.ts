import { migrate } from '@see/db'
import { openTestDatabase, type TestDatabase } from '@see/db/testing'
import type { DatabaseKind } from '@see/db'
import type { RegistryConnectionInput, RegistryEnteInput, RegistryStage } from '@see/openapi/types'
import {
  changeStage, createConnection, createEnte, generateCredentialKey, parseCredentialKeys, recordTestReport,
  type Actor, type RegistryContext, type Resolver, type UrlPolicy
} from '../../src/index.js'

export { codeOf } from './errors.js'

export const operator: Actor = { kind: 'operator', id: 'operadora@sesaech' }
export const system: Actor = { kind: 'system', id: 'seed' }
export const enteActor = (ente: string): Actor => ({ kind: 'ente', id: `cliente-${ente}`, ente })

/** Names under .gob.mx resolve to a public address; everything else does not exist. No traffic is sent. */
export const PUBLIC_ADDRESS = '200.57.1.10'
export const fakeResolver: Resolver = async (hostname) => {
  if (hostname.endsWith('.gob.mx')) return [{ address: PUBLIC_ADDRESS, family: 4 }]
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
}

export const productionPolicy: UrlPolicy = { allowHttp: false, allowedHosts: [] }

export interface RegistryTest {
  db: TestDatabase
  ctx: RegistryContext
  close: () => Promise<void>
}

export async function openRegistryTest (kind: DatabaseKind, keys = generateCredentialKey('k1')): Promise<RegistryTest> {
  const db = await openTestDatabase(kind)
  await migrate(db.pool)
  const ctx: RegistryContext = { pool: db.pool, keys: parseCredentialKeys(keys), urlPolicy: productionPolicy, resolve: fakeResolver }
  return { db, ctx, close: async () => { await db.close() } }
}

/** The ente's clave as it would appear in its domain name. */
export const slug = (clave: string): string => clave.toLowerCase().replace(/_/g, '-')

export function enteInput (clave: string, extra: Partial<RegistryEnteInput> = {}): RegistryEnteInput {
  return {
    clave,
    nombre: `Ente ${clave}`,
    siglas: clave,
    orden: 'estatal',
    poder: 'ejecutivo',
    contacts: [{ nombre: 'María Pérez', cargo: 'Titular de la Unidad de Transparencia', email: `enlace@${slug(clave)}.gob.mx`, telefono: '961 000 0000' }],
    ...extra
  }
}

export const SECRETS = { clientSecret: 'client-secret-Zq81', password: 'password-Hx42' }

export function connectionInput (clave: string, extra: Partial<RegistryConnectionInput> = {}): RegistryConnectionInput {
  return {
    protocol: 'sesna-v1',
    baseUrl: `https://api.${slug(clave)}.gob.mx`,
    tokenUrl: `https://api.${slug(clave)}.gob.mx/oauth/token`,
    auth: { kind: 'oauth2-password', clientId: `see-${clave}`, clientSecret: SECRETS.clientSecret, username: 'see', password: SECRETS.password, scope: 'read' },
    timeouts: { connectMs: 1000, headersMs: 2000, bodyMs: 3000 },
    ...extra
  }
}

const PATH: RegistryStage[] = ['estandar', 'mecanismo', 'pruebas', 'aprobada', 'produccion']

/** Registers an ente with an S2 connection and walks it to `stage` the way operators would. */
export async function enteAtStage (ctx: RegistryContext, clave: string, stage: RegistryStage, connection = connectionInput(clave)): Promise<void> {
  await createEnte(ctx, operator, enteInput(clave))
  await createConnection(ctx, enteActor(clave), clave, 's2', connection)
  for (const next of PATH.slice(0, PATH.indexOf(stage) + 1)) {
    if (next === 'aprobada') await recordTestReport(ctx, system, clave, 's2', { passed: true, checks: [{ name: 'sin filtros', passed: true }], latencyMs: 12 })
    await changeStage(ctx, operator, clave, 's2', { stage: next })
  }
}
