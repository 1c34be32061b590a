import type { AddressInfo } from 'node:net'
import formbody from '@fastify/formbody'
import { createServer, loggerOptions } from '@see/kit'
import type { SpicRecord } from '@see/openapi/types'
import { PUBLIC_SCHEMA_ID, publicDocument, schemaBundle } from '@see/openapi'
import { createHash } from 'node:crypto'
import { directusMappingFor, fromV1Record, toV1Record, type AnyRecord, type DirectusItem, type SystemId } from '@see/systems'
import { collectionsFromPairs, registerDirectusRoutes } from '../directus/index.js'
import { answerEarlyFault } from './faults.js'
import { institutionsOf } from '../data/dependencias.js'
import { SimulatorConfigError } from '../errors.js'
import { baseUrl } from '../hosts.js'
import { seedFromString } from '../prng.js'
import { FIRST_SYSTEM, simulatedSystem, systemsSpeaking, type SimulatedSystem } from '../systems.js'
import { DEFECTS, FAULTS, type Defect, type Fault, type Institucion, type ProviderCredentials, type ProviderOptions, type SimulatedProvider } from '../types.js'
import { Listener } from './listener.js'
import { registerTokenRoute } from './oauth.js'
import { gate, registerDataRoutes, type ProviderContext, type SystemData } from './routes.js'
import { registerOcdsFeed } from './ocds-feed.js'
import { FilingInbox, registerIntakeRoutes } from './intake.js'
import { ProviderState } from './state.js'
import { TokenStore } from './tokens.js'

export interface ProviderRuntime {
  host: string
  logLevel: string
}

const CLAVE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/
const DEFAULT_TOKEN_TTL_SECONDS = 300
const DEFAULT_HUGE_BODY_BYTES = 20 * 1024 * 1024

function credentialsFor (clave: string, given: Partial<ProviderCredentials> = {}): ProviderCredentials {
  const key = clave.toLowerCase()
  return {
    clientId: given.clientId ?? `pdn-${key}`,
    clientSecret: given.clientSecret ?? `secreto-${key}`,
    username: given.username ?? `sesna-${key}`,
    password: given.password ?? `contrasena-${key}`
  }
}

function checkSize (clave: string, size: number): void {
  if (!Number.isInteger(size) || size < 0) throw new SimulatorConfigError(`El tamaño de «${clave}» debe ser un entero no negativo.`)
}

function checkOptions (options: ProviderOptions): void {
  if (!CLAVE_PATTERN.test(options.clave)) throw new SimulatorConfigError(`La clave «${options.clave}» no es válida (use letras, dígitos, - o _; máximo 40).`)
  checkSize(options.clave, options.size)
  for (const size of Object.values(options.sizes ?? {})) checkSize(options.clave, size)
  checkFault(options.fault ?? 'none')
  const ocdsOnly = systemsSpeaking('ocds-releases')
  if (options.protocol === 'ocds-releases' && (options.systems ?? [FIRST_SYSTEM]).some(system => !ocdsOnly.includes(system as SystemId))) {
    throw new SimulatorConfigError(`«${options.clave}» publica paquetes de entregas OCDS: solo puede servir ${ocdsOnly.join(', ')}.`)
  }
  checkDefect(options.defect ?? 'none')
}

/** The systems to serve, each known to the simulator and given once. */
function systemsOf (options: ProviderOptions): SimulatedSystem[] {
  const ids = options.systems ?? [FIRST_SYSTEM]
  if (ids.length === 0) throw new SimulatorConfigError(`«${options.clave}» debe servir al menos un sistema.`)
  if (new Set(ids).size !== ids.length) throw new SimulatorConfigError(`«${options.clave}» repite un sistema en ${ids.join(', ')}.`)
  return ids.map(simulatedSystem)
}

const PLACEHOLDER_INSTITUTION: Institucion = { nombre: 'Relleno', siglas: 'RELLENO', clave: 'RELLENO-01' }

/**
 * One system's records and institutions. S2 keeps the ente's seed itself (its records predate
 * the other systems and tests name them); every other system draws from a seed of its own.
 */
function systemData (system: SimulatedSystem, options: ProviderOptions, seed: number, instituciones: Institucion[]): SystemData {
  const id = system.profile.id
  const extras = [...(id === FIRST_SYSTEM ? options.extraRecords ?? [] : []), ...(options.extraRecordsBySystem?.[id] ?? [])]
  const records = Object.freeze(system.generate({
    seed: id === FIRST_SYSTEM ? seed : seedFromString(`${seed}:${id}`),
    size: options.sizes?.[id] ?? options.size,
    instituciones,
    extraRecords: extras
  }))
  const placeholder = system.generate({ seed: 0, size: 1, instituciones: [PLACEHOLDER_INSTITUTION] })[0] ?? { id: '0' }
  return { system, records, dependencias: Object.freeze(institutionsOf(system.profile, records)), placeholder }
}

function servedData (context: ProviderContext, system: SystemId): SystemData {
  const data = context.systems.get(system)
  if (data === undefined) throw new SimulatorConfigError(`Este proveedor simulado no sirve el sistema «${system}».`)
  return data
}

/** A deterministic lowercase UUID for a record: Directus capture tools key their items by uuid. */
function uuidOf (seed: number, system: SystemId, id: string): string {
  const hex = createHash('sha256').update(`${seed}:${system}:${id}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * The generated records as a Directus (v2) provider holds them: items of each system's v2
 * collections, keyed by uuid. What the provider "has" in v1 terms is then those items read back
 * through the mapping, which is exactly what the federation can publish of them.
 */
function asDirectus (generated: Map<SystemId, SystemData>, seed: number): { systems: Map<SystemId, SystemData>, collections: Record<string, DirectusItem[]> } {
  const pairs: Array<{ collection: string, item: DirectusItem }> = []
  const systems = new Map<SystemId, SystemData>()
  for (const [id, data] of generated) {
    const mapping = directusMappingFor(data.system.profile)
    if (mapping === undefined) throw new SimulatorConfigError(`No hay herramienta de captura v2 para «${id}».`)
    const mine = data.records.map(record => fromV1Record(mapping, { ...record, id: uuidOf(seed, id, String(record.id)) } as AnyRecord))
    pairs.push(...mine)
    const records = mine.map(({ collection, item }) => toV1Record(mapping, collection, item)).sort((a, b) => String(a.id) < String(b.id) ? -1 : 1)
    systems.set(id, { ...data, records: Object.freeze(records), dependencias: Object.freeze(institutionsOf(data.system.profile, records)) })
  }
  return { systems, collections: collectionsFromPairs(pairs) }
}

/** A huge Directus answer: `{data: [...]}` of many megabytes. */
const HUGE_ITEMS = { head: '{"data":[', item: '{"id":"00000000-0000-4000-8000-000000000000"}', tail: ']}' }

/**
 * The Directus routes behind the static token; latency, request counts and the faults that need
 * no body (hang, error-500, malformed-json, huge-body, expired-token) as for v1, so a fault put on a
 * Directus ente through the control API shows as it does on any other.
 */
function registerDirectusData (app: Awaited<ReturnType<typeof createServer>>, context: ProviderContext, collections: Record<string, DirectusItem[]>, token: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/items/')) return
    context.state.count('data')
    await context.state.delay()
    if (answerEarlyFault(reply, context.state.fault, context.settings, () => HUGE_ITEMS)) return reply
  })
  registerDirectusRoutes(app, { collections, token })
}

export function checkDefect (defect: string): asserts defect is Defect {
  if (!(DEFECTS as readonly string[]).includes(defect)) throw new SimulatorConfigError(`Defecto desconocido «${defect}»; use uno de: ${DEFECTS.join(', ')}.`)
}

export function checkFault (fault: string): asserts fault is Fault {
  if (!(FAULTS as readonly string[]).includes(fault)) throw new SimulatorConfigError(`Falla desconocida «${fault}»; use una de: ${FAULTS.join(', ')}.`)
}

/** Starts one simulated SESNA v1 provider of one or more systems on its own port. */
export async function startProvider (options: ProviderOptions, runtime: ProviderRuntime): Promise<SimulatedProvider> {
  checkOptions(options)
  const { clave, nombre } = options
  const siglas = options.siglas ?? clave
  const served = systemsOf(options)
  const seed = options.seed ?? seedFromString(clave)
  const instituciones = options.instituciones ?? [{ nombre, siglas, clave }]
  const protocol = options.protocol ?? 'sesna-v1'
  const generated = new Map(served.map(system => [system.profile.id, systemData(system, options, seed, instituciones)]))
  const directus = protocol === 'directus-v2' ? asDirectus(generated, seed) : undefined
  const systems = directus?.systems ?? generated
  const systemIds = Object.freeze(served.map(system => system.profile.id))
  const first = systems.get(FIRST_SYSTEM)
  const records = (first?.records ?? Object.freeze([])) as readonly SpicRecord[]
  const dependencias = first?.dependencias ?? Object.freeze([])
  const credentials = Object.freeze(credentialsFor(clave, options.credentials))
  const tokens = new TokenStore(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS)
  const state = new ProviderState(options, systemIds)
  const context: ProviderContext = {
    state,
    tokens,
    systems,
    leaksPrivateFields: options.leaksPrivateFields === true,
    settings: {
      slowBody: { chunkBytes: options.slowBody?.chunkBytes ?? 32, intervalMs: options.slowBody?.intervalMs ?? 250 },
      hugeBodyBytes: options.hugeBodyBytes ?? DEFAULT_HUGE_BODY_BYTES
    }
  }

  const name = `ente-simulado-${clave}`
  const app = await createServer({ name, logger: loggerOptions(name, runtime.logLevel), maxEventLoopDelay: 0 })
  await app.register(formbody)
  app.addSchema(schemaBundle(PUBLIC_SCHEMA_ID, publicDocument))
  registerTokenRoute(app, credentials, tokens, gate(context, 'token'))
  const staticToken = `token-estatico-${clave.toLowerCase()}`
  if (directus !== undefined) registerDirectusData(app, context, directus.collections, staticToken)
  else if (protocol === 'ocds-releases') registerOcdsFeed(app, context, nombre)
  else registerDataRoutes(app, context)
  const inbox = new FilingInbox()
  if (protocol === 'sesna-v1') registerIntakeRoutes(app, context, inbox)
  await app.listen({ port: options.port ?? 0, host: runtime.host })

  const port = (app.server.address() as AddressInfo).port
  const listener = new Listener(app.server, port, runtime.host)
  if (state.fault === 'down') await listener.stop()
  const url = baseUrl(runtime.host, port)

  return {
    clave,
    nombre,
    siglas,
    url,
    tokenUrl: `${url}/oauth/token`,
    port,
    credentials,
    systems: systemIds,
    protocol,
    staticToken,
    records,
    dependencias,
    recordsOf: system => servedData(context, system).records,
    dependenciasOf: system => servedData(context, system).dependencias,
    filingsOf (system) {
      servedData(context, system)
      return { kept: new Map(inbox.kept.get(system)), calls: inbox.calls.get(system) ?? 0 }
    },
    countersOf (system) {
      servedData(context, system)
      return state.countersOf(system) ?? { data: 0, dependencias: 0 }
    },
    get fault () { return state.fault },
    get defect () { return state.defect },
    setDefect (defect: Defect) {
      checkDefect(defect)
      state.defect = defect
    },
    get latencyMs () { return state.latencyMs },
    get jitterMs () { return state.jitterMs },
    get counters () { return state.counters },
    async setFault (fault: Fault) {
      checkFault(fault)
      state.fault = fault
      await (fault === 'down' ? listener.stop() : listener.start())
    },
    setLatency (ms: number, jitterMs = 0) {
      if (!(ms >= 0) || !(jitterMs >= 0)) throw new SimulatorConfigError('La latencia y la variación deben ser números no negativos.')
      state.latencyMs = ms
      state.jitterMs = jitterMs
    },
    resetCounters: () => state.resetCounters(),
    expireTokens: () => tokens.expireAll(),
    async close () {
      await listener.stop()
      await app.close()
    }
  }
}
