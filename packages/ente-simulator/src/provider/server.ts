import type { AddressInfo } from 'node:net'
import formbody from '@fastify/formbody'
import { createServer, loggerOptions } from '@see/kit'
import { PUBLIC_SCHEMA_ID, publicDocument, schemaBundle } from '@see/openapi'
import { dependenciasOf, generateRecords } from '../data/generate.js'
import { SimulatorConfigError } from '../errors.js'
import { baseUrl } from '../hosts.js'
import { seedFromString } from '../prng.js'
import { FAULTS, type Fault, type ProviderCredentials, type ProviderOptions, type SimulatedProvider } from '../types.js'
import { Listener } from './listener.js'
import { registerTokenRoute } from './oauth.js'
import { gate, registerDataRoutes, type ProviderContext } from './routes.js'
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

function checkOptions (options: ProviderOptions): void {
  if (!CLAVE_PATTERN.test(options.clave)) throw new SimulatorConfigError(`La clave «${options.clave}» no es válida (use letras, dígitos, - o _; máximo 40).`)
  if (!Number.isInteger(options.size) || options.size < 0) throw new SimulatorConfigError(`El tamaño de «${options.clave}» debe ser un entero no negativo.`)
  checkFault(options.fault ?? 'none')
}

export function checkFault (fault: string): asserts fault is Fault {
  if (!(FAULTS as readonly string[]).includes(fault)) throw new SimulatorConfigError(`Falla desconocida «${fault}»; use una de: ${FAULTS.join(', ')}.`)
}

/** Starts one simulated SESNA v1 S2 provider on its own port. */
export async function startProvider (options: ProviderOptions, runtime: ProviderRuntime): Promise<SimulatedProvider> {
  checkOptions(options)
  const { clave, nombre } = options
  const siglas = options.siglas ?? clave
  const records = Object.freeze(generateRecords({
    seed: options.seed ?? seedFromString(clave),
    size: options.size,
    instituciones: options.instituciones ?? [{ nombre, siglas, clave }],
    extraRecords: options.extraRecords
  }))
  const dependencias = Object.freeze(dependenciasOf(records))
  const credentials = Object.freeze(credentialsFor(clave, options.credentials))
  const tokens = new TokenStore(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS)
  const state = new ProviderState(options)
  const context: ProviderContext = {
    state,
    tokens,
    records,
    dependencias,
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
  registerDataRoutes(app, context)
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
    records,
    dependencias,
    get fault () { return state.fault },
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
