import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OCDS_FEED_PATH, startSimulator, systemsSpeaking, type Defect, type SimulatedProvider, type Simulator } from '@see/ente-simulator'
import { connectionInputOf, enteInputOf } from '@see/demo'
import { SYSTEMS } from '@see/systems'
import { startTestFederation, type TestFederation } from '../support/federation.js'
import { registryApi, type RegistryApi } from '../support/registry-api.js'

// The conformance kit an ente runs (`see-conformidad`, bundled, as a child process) and the
// Sistema Registral's connection test (POST …/pruebas, run by the system's service) give the same
// verdict on the same API, check by check: for every federated system, over every protocol a
// provider may speak (S6's release-package feeds too), on a good ente and on an ente with a semantic defect.

const run = promisify(execFile)
const KIT = fileURLToPath(new URL('../../packages/conformidad/', import.meta.url))
const SYSTEM_IDS = SYSTEMS.map(system => system.id)
/** The protocol of each kit ente; Directus (v2) and OCDS feed providers serve only the systems that protocol covers. */
const PROTOCOLS = { KITV1: 'sesna-v1', KITV2: 'directus-v2', KITFEED: 'ocds-releases' } as const
type KitEnte = keyof typeof PROTOCOLS
const systemsOf = (clave: KitEnte): string[] => systemsSpeaking(PROTOCOLS[clave])
const DEFECTS: Defect[] = ['enye-folded', 'wrong-sort', 'bad-error-body']

interface Verdict { passed: boolean, failed: string[] }

describe('the same verdict from see-conformidad and from the registry\'s connection test', () => {
  let federation: TestFederation
  let entes: Simulator
  let operator: RegistryApi

  beforeAll(async () => {
    await run(process.execPath, [`${KIT}bundle.mjs`])
    federation = await startTestFederation('conformance-verdict', { entes: 1, size: 5 })
    entes = await startSimulator({
      providers: [
        { clave: 'KITV1', nombre: 'Ente v1 del kit', size: 40, systems: systemsSpeaking('sesna-v1') },
        { clave: 'KITV2', nombre: 'Ente v2 del kit', size: 40, systems: systemsSpeaking('directus-v2'), protocol: 'directus-v2' },
        { clave: 'KITFEED', nombre: 'Ente con paquetes OCDS del kit', size: 40, systems: systemsSpeaking('ocds-releases'), protocol: 'ocds-releases' }
      ]
    })
    operator = await registryApi(federation, { operator: true })
    for (const provider of entes.providers) {
      expect((await operator.post('/entes', enteInputOf(provider))).status).toBe(201)
      for (const system of systemsOf(provider.clave as KitEnte)) {
        expect((await operator.post(`/entes/${provider.clave}/conexiones/${system}`, connectionInputOf(provider))).status, system).toBe(201)
        for (const stage of ['estandar', 'mecanismo', 'pruebas']) await operator.post(`/entes/${provider.clave}/conexiones/${system}/etapa`, { stage })
      }
    }
  }, 120_000)
  afterAll(async () => {
    await federation?.close()
    await entes?.close()
  })

  async function registryVerdict (provider: SimulatedProvider, system: string): Promise<Verdict> {
    const report = await operator.post(`/entes/${provider.clave}/conexiones/${system}/pruebas`)
    expect(report.status).toBe(201)
    const checks = report.body.checks as Array<{ name: string, passed: boolean }>
    return { passed: report.body.passed as boolean, failed: checks.filter(c => !c.passed).map(c => c.name) }
  }

  async function kitVerdict (provider: SimulatedProvider, system: string): Promise<Verdict> {
    // sesna-v1 and OCDS feeds take an OAuth2 password grant; a feed's URL is its first page.
    const v1 = provider.protocol !== 'directus-v2'
    const url = provider.protocol === 'ocds-releases' ? `${provider.url}${OCDS_FEED_PATH}` : provider.url
    const args = [`${KIT}dist/bin/see-conformidad.mjs`, system, '--url', url, '--protocol', provider.protocol, '--json', ...(v1 ? ['--token-url', provider.tokenUrl, '--client-id', provider.credentials.clientId] : [])]
    const env = v1
      ? { SEE_CONFORMIDAD_CLIENT_SECRET: provider.credentials.clientSecret, SEE_CONFORMIDAD_USERNAME: provider.credentials.username, SEE_CONFORMIDAD_PASSWORD: provider.credentials.password }
      : { SEE_CONFORMIDAD_TOKEN: provider.staticToken }
    const output = await run(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout: string }) => err)
    const report = JSON.parse(output.stdout) as { aprobado: boolean, verificaciones: Array<{ name: string, passed: boolean }> }
    return { passed: report.aprobado, failed: report.verificaciones.filter(c => !c.passed).map(c => c.name) }
  }

  for (const system of SYSTEM_IDS) {
    for (const clave of (Object.keys(PROTOCOLS) as KitEnte[]).filter(clave => systemsOf(clave).includes(system))) {
      it(`agrees on a good ${PROTOCOLS[clave]} ente for ${system}: both pass`, async () => {
        const provider = entes.provider(clave)
        const registry = await registryVerdict(provider, system)
        expect(registry).toEqual({ passed: true, failed: [] })
        expect(await kitVerdict(provider, system)).toEqual(registry)
      })
    }
  }

  DEFECTS.forEach((defect, index) => {
    const system = SYSTEM_IDS[index % SYSTEM_IDS.length]!
    it(`agrees on an ente with the defect ${defect} for ${system}: both fail the same checks`, async () => {
      const provider = entes.provider('KITV1')
      provider.setDefect(defect)
      try {
        const registry = await registryVerdict(provider, system)
        expect(registry.passed).toBe(false)
        expect(await kitVerdict(provider, system)).toEqual(registry)
      } finally {
        provider.setDefect('none')
      }
    })
  })
})
