import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { parseInvocation, UsageError, type Invocation } from '../../src/args.js'
import { authOf, type Terminal } from '../../src/credentials.js'

// Credentials come from the flags, else the environment, else the terminal: a person types the
// secrets there and they are never echoed.

function invocationOf (...args: string[]): Invocation {
  const parsed = parseInvocation(['s2', '--url', 'https://api.ente.gob.mx', ...args])
  if (parsed === 'help') throw new Error('unexpected help')
  return parsed
}

function terminal (answers: string[], env: NodeJS.ProcessEnv = {}): Terminal & { shown: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: true })
  const prompts = new PassThrough()
  let shown = ''
  prompts.on('data', (chunk: Buffer) => { shown += chunk.toString('utf8') })
  // Each answer is typed once its question is on the screen.
  let asked = 0
  prompts.on('data', () => {
    const questions = (shown.match(/: /g) ?? []).length
    while (asked < questions && asked < answers.length) input.write(`${answers[asked++] ?? ''}\n`)
  })
  return { env, input, prompts, shown: () => shown }
}

describe('credentials of see-conformidad', () => {
  it('asks what is missing on the terminal and never echoes a secret', async () => {
    const term = terminal(['secreto-cliente', 'usuario-pdn', 'contraseña-pdn'])
    const auth = await authOf(invocationOf('--client-id', 'pdn'), term)
    expect(auth).toEqual({ kind: 'oauth2-password', clientId: 'pdn', clientSecret: 'secreto-cliente', username: 'usuario-pdn', password: 'contraseña-pdn' })
    expect(term.shown()).toContain('client_secret: ')
    expect(term.shown()).toContain('contraseña: ')
    expect(term.shown()).not.toContain('secreto-cliente')
    expect(term.shown()).not.toContain('contraseña-pdn')
  })

  it('takes flags first, then the environment, and asks nothing then', async () => {
    const term = terminal([], { SEE_CONFORMIDAD_CLIENT_SECRET: 'del-entorno', SEE_CONFORMIDAD_USERNAME: 'u', SEE_CONFORMIDAD_PASSWORD: 'p' })
    expect(await authOf(invocationOf('--client-id', 'pdn', '--username', 'de-la-opcion'), term)).toMatchObject({ clientSecret: 'del-entorno', username: 'de-la-opcion', password: 'p' })
    expect(term.shown()).toBe('')
  })

  it('reads the static token of a directus-v2 ente, and without a terminal names the variable instead of asking', async () => {
    expect(await authOf(invocationOf('--protocol', 'directus-v2'), terminal([], { SEE_CONFORMIDAD_TOKEN: 't' }))).toEqual({ kind: 'static-bearer', token: 't' })
    const noTerminal: Terminal = { env: {}, input: new PassThrough(), prompts: new PassThrough() }
    await expect(authOf(invocationOf('--protocol', 'directus-v2'), noTerminal)).rejects.toThrow(new UsageError('Falta token estático de Directus: use la variable SEE_CONFORMIDAD_TOKEN (o la opción --token).'))
  })
})
