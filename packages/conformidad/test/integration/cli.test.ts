import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFECTS, FAULTS, startSimulator, systemsSpeaking, type Defect, type Fault, type SimulatedProvider, type Simulator } from '@see/ente-simulator'
import { PROBLEMS, runConnectionTest, type ProblemCode } from '@see/service-core/connection-test'
import type { RegistryEntry } from '@see/registry'
import { SYSTEMS, type SystemProfile } from '@see/systems'
import type { JsonReport } from '../../src/index.js'

// The conformance kit as an ente runs it: the bundled command (what the tarball installs) as a child
// process against simulated entes of every federated system and both provider generations. A good
// ente passes; every simulator fault and every semantic defect is reported by the check that names
// it, with that problem's fix; and the registry's connection test gives the same verdict.

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const BIN = `${root}dist/bin/see-conformidad.mjs`

let simulator: Simulator

interface Outcome { code: number, stdout: string, stderr: string }

async function cli (args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const failed = err as { code?: number, stdout?: string, stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

/**
 * Calls wait 1 s where the ente hangs (a hung ente costs little), else 4 s, the PDN's: a good ente's
 * large answers (S1's declarations) must not time out because the machine is busy.
 */
function timeoutOf (provider: SimulatedProvider): number {
  return provider.fault === 'hang' || provider.fault === 'slow-body' ? 1000 : 4000
}

function argsOf (system: SystemProfile, provider: SimulatedProvider, ...more: string[]): string[] {
  const common = [system.id, '--url', provider.url, '--protocol', provider.protocol, '--timeout-ms', String(timeoutOf(provider)), ...more]
  return provider.protocol === 'sesna-v1' ? [...common, '--token-url', provider.tokenUrl, '--client-id', provider.credentials.clientId] : common
}

/** Secrets go through the environment, never the command line. */
function envOf (provider: SimulatedProvider): Record<string, string> {
  return provider.protocol === 'sesna-v1'
    ? { SEE_CONFORMIDAD_CLIENT_SECRET: provider.credentials.clientSecret, SEE_CONFORMIDAD_USERNAME: provider.credentials.username, SEE_CONFORMIDAD_PASSWORD: provider.credentials.password }
    : { SEE_CONFORMIDAD_TOKEN: provider.staticToken }
}

async function jsonRun (system: SystemProfile, provider: SimulatedProvider): Promise<{ code: number, report: JsonReport, output: string }> {
  const outcome = await cli(argsOf(system, provider, '--json'), envOf(provider))
  return { code: outcome.code, report: JSON.parse(outcome.stdout) as JsonReport, output: outcome.stdout + outcome.stderr }
}

const failedChecks = (report: JsonReport): Record<string, string> =>
  Object.fromEntries(report.verificaciones.filter(c => !c.passed).map(c => [c.name, c.fix ?? '']))

function expectSecretsKept (provider: SimulatedProvider, output: string): void {
  for (const secret of [provider.credentials.clientSecret, provider.credentials.password, provider.staticToken]) expect(output).not.toContain(secret)
}

const SYSTEM_IDS = SYSTEMS.map(s => s.id)
/** Directus (v2) entes serve only the systems SESNA's capture tools cover. */
const V2_SYSTEMS = SYSTEMS.filter(s => systemsSpeaking('directus-v2').includes(s.id))
const V2_SYSTEM_IDS = V2_SYSTEMS.map(s => s.id)
const systemFor = (index: number, protocol = 'sesna-v1'): SystemProfile => {
  const systems = protocol === 'directus-v2' ? V2_SYSTEMS : SYSTEMS
  return systems[index % systems.length]!
}

beforeAll(async () => {
  await run(process.execPath, [`${root}bundle.mjs`])
  simulator = await startSimulator({
    providers: [
      { clave: 'BUENO1', nombre: 'Ente v1 que cumple', size: 45, systems: SYSTEM_IDS },
      { clave: 'BUENO2', nombre: 'Ente v2 que cumple', size: 45, systems: V2_SYSTEM_IDS, protocol: 'directus-v2' },
      { clave: 'FALLA1', nombre: 'Ente v1 con fallas', size: 25, systems: SYSTEM_IDS, hugeBodyBytes: 11 * 1024 * 1024 },
      { clave: 'FALLA2', nombre: 'Ente v2 con fallas', size: 25, systems: V2_SYSTEM_IDS, protocol: 'directus-v2', hugeBodyBytes: 11 * 1024 * 1024 },
      { clave: 'DEFECTO', nombre: 'Ente con defectos', size: 45, systems: SYSTEM_IDS },
      { clave: 'GRANDE', nombre: 'Ente de varias páginas', size: 450, systems: [systemFor(0).id] }
    ]
  })
}, 120_000)
afterEach(async () => {
  for (const clave of ['FALLA1', 'FALLA2']) await simulator.provider(clave).setFault('none')
  simulator.provider('DEFECTO').setDefect('none')
})
afterAll(async () => { await simulator?.close() })

describe('see-conformidad against a good ente', () => {
  for (const system of SYSTEMS) {
    for (const clave of ['BUENO1', ...(V2_SYSTEM_IDS.includes(system.id) ? ['BUENO2'] : [])]) {
      it(`passes ${system.id} over ${clave === 'BUENO1' ? 'sesna-v1' : 'directus-v2'} with exit code 0, as the registry's connection test does`, async () => {
        const provider = simulator.provider(clave)
        const { code, report, output } = await jsonRun(system, provider)
        expect(failedChecks(report)).toEqual({})
        expect(code).toBe(0)
        expect(report).toMatchObject({ sistema: system.id, pdn: system.pdnId, protocolo: provider.protocol, aprobado: true })
        expect(report.verificaciones.length).toBeGreaterThan(20)
        expectSecretsKept(provider, output)
        const registry = await runConnectionTest(system, entryOf(system, provider), { requestId: 'misma-prueba', callTimeoutMs: timeoutOf(provider) })
        expect(registry.passed).toBe(report.aprobado)
        expect(registry.checks.map(c => c.name)).toEqual(report.verificaciones.map(c => c.name))
      })
    }
  }

  it('prints a line per check, a summary table and the verdict for people', async () => {
    const provider = simulator.provider('BUENO1')
    const system = systemFor(0)
    const { code, stdout, stderr } = await cli(argsOf(system, provider, '--client-secret', provider.credentials.clientSecret), envOf(provider))
    expect(code).toBe(0)
    expect(stdout).toContain(`Sistema ${system.pdnId}`)
    expect(stdout).toMatch(/✔ token \(\d+ ms\)/)
    expect(stdout).toContain('Resumen')
    expect(stdout).toContain('Resultado: APROBADO.')
    expect(`${stdout}${stderr}`).not.toContain(provider.credentials.password)
  })
})

/** The check a fault must fail, and the kind of problem (whose fix it must print), per protocol. */
const FAULT_CHECKS: Record<Exclude<Fault, 'none'>, Partial<Record<'sesna-v1' | 'directus-v2', [string, ProblemCode]>>> = {
  down: { 'sesna-v1': ['token', 'UNREACHABLE'], 'directus-v2': ['sin filtros', 'UNREACHABLE'] },
  hang: { 'sesna-v1': ['sin filtros', 'TIMEOUT'], 'directus-v2': ['sin filtros', 'TIMEOUT'] },
  'slow-body': { 'sesna-v1': ['sin filtros', 'TIMEOUT'] },
  'error-500': { 'sesna-v1': ['sin filtros', 'HTTP_STATUS'], 'directus-v2': ['sin filtros', 'HTTP_STATUS'] },
  'malformed-json': { 'sesna-v1': ['sin filtros', 'NOT_JSON'], 'directus-v2': ['sin filtros', 'NOT_JSON'] },
  'wrong-shape': { 'sesna-v1': ['sin filtros', 'BAD_SHAPE'] },
  'expired-token': { 'sesna-v1': ['sin filtros', 'AUTH_FAILED'], 'directus-v2': ['sin filtros', 'AUTH_FAILED'] },
  'huge-body': { 'sesna-v1': ['sin filtros', 'TOO_LARGE'], 'directus-v2': ['sin filtros', 'TOO_LARGE'] }
}

describe('see-conformidad against a faulty ente', () => {
  FAULTS.filter(f => f !== 'none').forEach((fault, index) => {
    for (const clave of ['FALLA1', 'FALLA2']) {
      const provider = (): SimulatedProvider => simulator.provider(clave)
      const protocol = clave === 'FALLA1' ? 'sesna-v1' : 'directus-v2'
      const expected = FAULT_CHECKS[fault as Exclude<Fault, 'none'>][protocol]
      // The simulator bends only the v1 routes' bodies (wrong-shape, slow-body): its Directus routes answer as they are.
      if (expected === undefined) continue
      const system = systemFor(index, protocol)
      it(`names ${fault} on ${system.id} over ${protocol}: check "${expected[0]}" fails with the fix for ${expected[1]}`, async () => {
        await provider().setFault(fault)
        const { code, report, output } = await jsonRun(system, provider())
        expect(code).toBe(1)
        expect(report.aprobado).toBe(false)
        const failures = failedChecks(report)
        expect(failures[expected[0]], JSON.stringify(failures)).toContain(PROBLEMS[expected[1]].fix)
        const failed = report.verificaciones.find(c => c.name === expected[0])
        expect(failed).toMatchObject({ expected: expect.stringContaining(PROBLEMS[expected[1]].expected), message: expect.any(String) })
        expectSecretsKept(provider(), output)
      })
    }
  })
})

/** The check each semantic defect must fail (a prefix: `orden ` is any sort check) and its kind of problem. */
const DEFECT_CHECKS: Record<Exclude<Defect, 'none'>, [string, ProblemCode]> = {
  'accent-sensitive': ['filtro sin acentos', 'ACCENTS'],
  'enye-folded': ['filtro ñ distinta de n', 'ENYE'],
  'wrong-total': ['última página', 'ROW_COUNT'],
  'unstable-order': ['orden estable', 'PAGE_ORDER'],
  'wrong-sort': ['orden ', 'SORT_ORDER'],
  'bad-error-body': ['cuerpo inválido', 'BAD_BODY_SHAPE'],
  'slow-token': ['latencia del token', 'TOKEN_LATENCY'],
  'no-auth': ['sin token', 'UNAUTHENTICATED']
}

describe('see-conformidad against an ente with a semantic defect', () => {
  DEFECTS.filter(d => d !== 'none').forEach((defect, index) => {
    const system = systemFor(index)
    const [name, problem] = DEFECT_CHECKS[defect as Exclude<Defect, 'none'>]
    it(`names ${defect} on ${system.id}: check "${name}" fails with the fix for ${problem}, the same verdict as the registry's test`, async () => {
      const provider = simulator.provider('DEFECTO')
      provider.setDefect(defect)
      const { code, report } = await jsonRun(system, provider)
      expect(code).toBe(1)
      const failures = failedChecks(report)
      const named = Object.entries(failures).filter(([check]) => name.endsWith(' ') ? check.startsWith(name) : check === name)
      expect(named.length, JSON.stringify(failures)).toBeGreaterThan(0)
      for (const [, fix] of named) expect(fix).toContain(PROBLEMS[problem].fix)
      if (defect !== 'unstable-order') {
        const registry = await runConnectionTest(system, entryOf(system, provider), { requestId: 'misma-prueba', callTimeoutMs: timeoutOf(provider) })
        expect(registry.passed).toBe(false)
        expect(registry.checks.filter(c => !c.passed).map(c => c.name)).toEqual(Object.keys(failures))
      }
    }, 60_000)
  })
})

describe('see-conformidad --crawl', () => {
  it('walks every page at pageSize 200: each record once, as many as totalRows; one record too many in totalRows fails it', async () => {
    const system = systemFor(0)
    const big = simulator.provider('GRANDE')
    const good = await cli(argsOf(system, big, '--json', '--crawl'), envOf(big))
    const crawl = (JSON.parse(good.stdout) as JsonReport).verificaciones.find(c => c.name === 'recorrido completo')
    expect(failedChecks(JSON.parse(good.stdout) as JsonReport)).toEqual({})
    expect(good.code).toBe(0)
    expect(crawl).toMatchObject({ passed: true, message: '450 registros en 3 página(s)' })
    const defective = simulator.provider('DEFECTO')
    defective.setDefect('wrong-total')
    const bad = await cli(argsOf(system, defective, '--json', '--crawl'), envOf(defective))
    expect(bad.code).toBe(1)
    expect(failedChecks(JSON.parse(bad.stdout) as JsonReport)['recorrido completo']).toContain(PROBLEMS.CRAWL.fix)
  })
})

describe('see-conformidad on the command line', () => {
  it('answers a bad command with exit code 2 and what to write, and never asks when nobody is at the terminal', async () => {
    const provider = simulator.provider('BUENO1')
    expect(await cli(['s9', '--url', provider.url])).toMatchObject({ code: 2, stderr: expect.stringContaining('Indique el sistema') })
    expect(await cli([systemFor(0).id])).toMatchObject({ code: 2, stderr: expect.stringContaining('Falta --url') })
    expect(await cli([systemFor(0).id, '--url', provider.url, '--protocol', 'v3'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--protocol') })
    expect(await cli([systemFor(0).id, '--url', provider.url, '--client-id', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('SEE_CONFORMIDAD_CLIENT_SECRET') })
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    for (const system of SYSTEMS) expect(help.stdout).toContain(system.paths.search)
  })
})

/** The ente as the registry holds it, for its own connection test. */
function entryOf (system: SystemProfile, provider: SimulatedProvider): RegistryEntry {
  return {
    clave: provider.clave,
    nombre: provider.nombre,
    system: system.id,
    stage: 'pruebas',
    configVersion: 1,
    connection: {
      protocol: provider.protocol,
      baseUrl: provider.url,
      auth: provider.protocol === 'sesna-v1' ? { kind: 'oauth2-password', ...provider.credentials } : { kind: 'static-bearer', token: provider.staticToken },
      ...(provider.protocol === 'sesna-v1' && { tokenUrl: provider.tokenUrl }),
      maxConnections: 8,
      timeouts: { connectMs: Math.floor(timeoutOf(provider) / 3), headersMs: timeoutOf(provider), bodyMs: timeoutOf(provider) }
    }
  }
}
