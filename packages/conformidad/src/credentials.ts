import { createInterface } from 'node:readline/promises'
import { Writable } from 'node:stream'
import type { EnteAuth } from '@see/openapi/types'
import { UsageError, type Invocation } from './args.js'

/** Where the command reads what it is not given on the command line. */
export interface Terminal {
  env: NodeJS.ProcessEnv
  input: NodeJS.ReadableStream & { isTTY?: boolean }
  /** Where questions go (standard error, so `--json` output stays clean). */
  prompts: NodeJS.WritableStream
}

const ENV = {
  clientId: 'SEE_CONFORMIDAD_CLIENT_ID',
  clientSecret: 'SEE_CONFORMIDAD_CLIENT_SECRET',
  username: 'SEE_CONFORMIDAD_USERNAME',
  password: 'SEE_CONFORMIDAD_PASSWORD',
  token: 'SEE_CONFORMIDAD_TOKEN'
} as const

type Field = keyof typeof ENV

const QUESTIONS: Record<Field, { label: string, hidden: boolean }> = {
  clientId: { label: 'client_id', hidden: false },
  clientSecret: { label: 'client_secret', hidden: true },
  username: { label: 'usuario', hidden: false },
  password: { label: 'contraseña', hidden: true },
  token: { label: 'token estático de Directus', hidden: true }
}

/** Asks one question on the terminal; a hidden answer is never echoed. */
async function ask (terminal: Terminal, field: Field): Promise<string> {
  const { label, hidden } = QUESTIONS[field]
  terminal.prompts.write(`${label}: `)
  const muted = new Writable({ write: (_chunk, _encoding, done) => { done() } })
  const reader = createInterface({ input: terminal.input, output: hidden ? muted : terminal.prompts, terminal: hidden })
  try {
    return (await reader.question('')).trim()
  } finally {
    reader.close()
    if (hidden) terminal.prompts.write('\n')
  }
}

/** A credential from the flags, else the environment, else a question when a person is at the terminal. */
async function credential (invocation: Invocation, terminal: Terminal, field: Field): Promise<string> {
  const given = invocation.flags[field] ?? terminal.env[ENV[field]]
  if (given !== undefined && given !== '') return given
  if (terminal.input.isTTY !== true) throw new UsageError(`Falta ${QUESTIONS[field].label}: use la variable ${ENV[field]} (o la opción --${field.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}).`)
  const answer = await ask(terminal, field)
  if (answer === '') throw new UsageError(`Falta ${QUESTIONS[field].label}.`)
  return answer
}

/**
 * The connection's credentials: a static token for directus-v2; for sesna-v1 the password grant,
 * the one the PDN uses (client in `Authorization: Basic` and in the body, user and password).
 */
export async function authOf (invocation: Invocation, terminal: Terminal): Promise<EnteAuth> {
  if (invocation.protocol === 'directus-v2') return { kind: 'static-bearer', token: await credential(invocation, terminal, 'token') }
  const clientId = await credential(invocation, terminal, 'clientId')
  const clientSecret = await credential(invocation, terminal, 'clientSecret')
  const scope = invocation.flags.scope === undefined ? {} : { scope: invocation.flags.scope }
  const username = await credential(invocation, terminal, 'username')
  const password = await credential(invocation, terminal, 'password')
  return { kind: 'oauth2-password', clientId, clientSecret, username, password, ...scope }
}
