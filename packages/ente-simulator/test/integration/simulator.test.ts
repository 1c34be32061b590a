import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { INTERNAL_SCHEMA_ID, internalDocument, ref, schemaBundle } from '@see/openapi'
import { defaultFleet, SimulatorConfigError, startSimulator, toRegistryFile } from '../../src/index.js'
import { postSpic } from './client.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

describe('startSimulator', () => {
  it('serves each provider on its own port and describes them in a valid registry file', async () => {
    const simulator = await startSimulator({ providers: defaultFleet(3, { size: 5 }) })
    try {
      expect(new Set(simulator.providers.map(p => p.port)).size).toBe(3)
      const registry = toRegistryFile(simulator, { timeouts: { connectMs: 500, headersMs: 2000, bodyMs: 4000 } })
      const ajv = new Ajv({ strict: false, allErrors: true })
      addFormats(ajv)
      ajv.addSchema(schemaBundle(INTERNAL_SCHEMA_ID, internalDocument))
      const validate = ajv.compile(ref(INTERNAL_SCHEMA_ID, 'RegistryFile'))
      expect(validate(registry) ? [] : validate.errors).toEqual([])
      expect(registry.entes[1]).toMatchObject({
        clave: 'SSA',
        systems: { s2: { protocol: 'sesna-v1', baseUrl: simulator.providers[1]!.url, tokenUrl: `${simulator.providers[1]!.url}/oauth/token`, auth: { kind: 'oauth2-password', ...simulator.providers[1]!.credentials } } }
      })
      for (const provider of simulator.providers) expect((await postSpic(provider, { pageSize: 1 })).status).toBe(200)
    } finally {
      await simulator.close()
    }
  })

  it('rejects duplicate claves, bad claves and unknown providers', async () => {
    const [one] = defaultFleet(1, { size: 1 })
    await expect(startSimulator({ providers: [one!, one!] })).rejects.toThrow(SimulatorConfigError)
    await expect(startSimulator({ providers: [{ ...one!, clave: 'con espacio' }] })).rejects.toThrow(SimulatorConfigError)
    const simulator = await startSimulator({ providers: [one!] })
    try {
      expect(() => simulator.provider('NADIE')).toThrow(SimulatorConfigError)
    } finally {
      await simulator.close()
    }
  })

  it('uses the given credentials and answers the same data for the same seed', async () => {
    const options = { clave: 'ASE', nombre: 'Auditoría Superior del Estado de Chiapas', size: 20, seed: 99, credentials: { clientId: 'cliente', password: 'secreta' } }
    const [a, b] = await Promise.all([startSimulator({ providers: [options] }), startSimulator({ providers: [options] })])
    try {
      expect(a.providers[0]!.credentials).toMatchObject({ clientId: 'cliente', password: 'secreta' })
      const [answerA, answerB] = await Promise.all([a, b].map(async s => await (await postSpic(s.providers[0]!, { pageSize: 20 })).json()))
      expect(answerA).toEqual(answerB)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})

describe('cli', () => {
  it('prints the providers and the control url in Spanish and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/ente-simulator/src/cli.ts', '--providers', '2', '--size', '5', '--control-port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    try {
      let output = ''
      child.stdout.setEncoding('utf8')
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk
          if (output.includes('Ctrl+C')) resolve()
        })
        child.once('exit', code => reject(new Error(`cli exited early with ${code}: ${output}`)))
      })
      expect(output).toContain('2 proveedores')
      expect(output).toContain('SHCH')
      expect(output).toMatch(/Control: http:\/\/127\.0\.0\.1:\d+/)
      const controlUrl = /Control: (\S+)/.exec(output)![1]!
      expect((await fetch(`${controlUrl}/providers`)).status).toBe(200)
      child.kill('SIGTERM')
      const [code] = await once(child, 'exit')
      expect(code).toBe(0)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })
})
