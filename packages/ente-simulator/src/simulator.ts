import type { AddressInfo } from 'node:net'
import { createControlServer } from './control.js'
import { SimulatorConfigError } from './errors.js'
import { baseUrl } from './hosts.js'
import { startProvider } from './provider/server.js'
import type { SimulatedProvider, Simulator, SimulatorOptions } from './types.js'

function checkUniqueClaves (options: SimulatorOptions): void {
  const seen = new Set<string>()
  for (const { clave } of options.providers) {
    if (seen.has(clave)) throw new SimulatorConfigError(`La clave «${clave}» está repetida.`)
    seen.add(clave)
  }
}

async function closeAll (providers: readonly SimulatedProvider[]): Promise<void> {
  await Promise.all(providers.map(provider => provider.close()))
}

/** Starts every provider on its own port, plus the control server; closes what started if one fails. */
export async function startSimulator (options: SimulatorOptions): Promise<Simulator> {
  checkUniqueClaves(options)
  const host = options.host ?? '127.0.0.1'
  const logLevel = options.logLevel ?? 'warn'
  const started = await Promise.allSettled(options.providers.map(provider => startProvider(provider, { host, logLevel })))
  const providers = started.flatMap(result => result.status === 'fulfilled' ? [result.value] : [])
  const failure = started.find(result => result.status === 'rejected')
  if (failure !== undefined) {
    await closeAll(providers)
    throw failure.reason
  }

  const control = await createControlServer(providers, logLevel)
  try {
    await control.listen({ port: options.controlPort ?? 0, host })
  } catch (err) {
    await closeAll(providers)
    throw err
  }
  const { port } = control.server.address() as AddressInfo
  const byClave = new Map(providers.map(provider => [provider.clave, provider]))

  return {
    providers,
    controlUrl: baseUrl(host, port),
    provider (clave: string) {
      const provider = byClave.get(clave)
      if (provider === undefined) throw new SimulatorConfigError(`No existe el proveedor simulado «${clave}».`)
      return provider
    },
    async close () {
      await Promise.all([control.close(), closeAll(providers)])
    }
  }
}
