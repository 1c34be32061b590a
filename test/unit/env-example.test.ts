import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkGatewayEnvironment } from '@see/gateway'
import { checkServiceEnvironment } from '@see/service-core'
import { generateCredentialKey } from '@see/registry'
import { SYSTEMS } from '@see/systems'

// `.env.example` is the operator's list of every variable: each one an environment schema declares
// is there, and the file, its placeholders filled, passes the gateway's and every service's check.

const ROOT = new URL('../..', import.meta.url).pathname
const example = readFileSync(join(ROOT, '.env.example'), 'utf8')

function sources (dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist') return []
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Every `NAME: { type: …` of an environment schema in production code. */
function declaredVariables (): string[] {
  const files = ['packages', 'services', 'gateway'].flatMap(dir => sources(join(ROOT, dir))).filter(file => file.includes('/src/'))
  const names = files.flatMap(file => [...readFileSync(file, 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]{2,}): (?:\{\s*(?:\n\s*)?type:|Type\.|stringEnum\()/gm)].map(match => match[1]!))
  return [...new Set(names)].sort()
}

/** The file's assignments, commented-out defaults included, with secrets generated for CAMBIAR. */
function exampleEnv (): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of example.split('\n')) {
    const match = /^(?:# )?([A-Z][A-Z0-9_]+)=(.*)$/.exec(line)
    if (match === null || (line.startsWith('# ') && match[2] === '')) continue
    env[match[1]!] = match[2]!
  }
  env.SEE_CREDENTIALS_KEYS = generateCredentialKey('k1')
  env.SEE_CACHE_KEY = generateCredentialKey('t1')
  env.QUERY_AUDIT_KEY = generateCredentialKey('q1')
  delete env.SEE_JWT_KEYS
  delete env.ENTES_FILE
  return env
}

describe('.env.example', () => {
  it('lists every variable the environment schemas declare', () => {
    const listed = new Set([...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm)].map(match => match[1]))
    const declared = declaredVariables()
    expect(declared.length).toBeGreaterThan(30)
    expect(declared.filter(name => !listed.has(name))).toEqual([])
  })

  it('passes the gateway check and every federated service check', async () => {
    const env = exampleEnv()
    const gateway = await checkGatewayEnvironment(env)
    expect(gateway.errors).toEqual([])
    for (const system of SYSTEMS) expect((await checkServiceEnvironment(system, env)).errors, system.id).toEqual([])
  })
})
