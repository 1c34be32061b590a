import { parseArgs } from 'node:util'
import { createClient, createUser, generatePassword, rotateClientSecret, setClientDisabled, setUserDisabled, setUserPassword, type AdminAudit } from '../admin.js'
import { KeyRing, type SigningAlgorithm } from '../keys.js'
import { GRANT_TYPES, type AuthStore, type ClientRecord, type GrantType } from '../store/types.js'

export interface CliIo {
  out: (line: string) => void
  /** Reads a password piped on standard input (never from argv, where `ps` would show it). */
  readSecret: () => Promise<string>
}

/** A usage mistake: the CLI prints the message and the help, and exits with 2. */
export class UsageError extends Error {
  readonly code = 'SEE_AUTH_USAGE'
}

export const HELP = `Uso: see-auth <recurso> <acción> [opciones]

  client create --name <nombre> --scopes <a,b> [--id <client_id>] [--default-scopes <a,b>]
                [--grants <password,client_credentials,refresh_token>] [--password-grant] [--ente <clave>]
  client list
  client rotate-secret <client_id>
  client disable <client_id> | client enable <client_id>
  user create <usuario> [--password-stdin]
  user list
  user set-password <usuario> [--password-stdin]
  user disable <usuario> | user enable <usuario>
  keys generate [--alg ES256|EdDSA]

Base de datos: DATABASE_URL (PostgreSQL) o, sin ella, la base embebida en PGLITE_DIR.
Con \`npm start\` en marcha, su base embebida se alcanza con la DATABASE_URL que imprime.
Los secretos y contraseñas generados se muestran UNA sola vez: guárdelos en un lugar seguro.`

const list = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(/[\s,]+/).filter(s => s !== '')

function one (positionals: string[], what: string): string {
  const value = positionals[0]
  if (value === undefined || positionals.length > 1) throw new UsageError(`Indique exactamente un ${what}.`)
  return value
}

function describeClient (c: ClientRecord): string {
  const flags = [c.disabled ? 'DESHABILITADO' : 'activo', c.passwordGrantAllowed ? 'password permitido' : undefined, c.enteClave === null ? undefined : `ente ${c.enteClave}`]
  return `${c.clientId}\t${c.name}\tconcesiones: ${c.grants.join(',')}\talcances: ${c.scopes.join(' ')}\t(${flags.filter(Boolean).join(', ')})\tsecreto rotado: ${c.secretRotatedAt.toISOString()}`
}

async function clientCommand (store: AuthStore, io: CliIo, audit: AdminAudit, action: string | undefined, args: string[]): Promise<void> {
  if (action === 'create') {
    const { values } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        id: { type: 'string' },
        scopes: { type: 'string' },
        'default-scopes': { type: 'string' },
        grants: { type: 'string' },
        'password-grant': { type: 'boolean' },
        ente: { type: 'string' }
      }
    })
    if (values.name === undefined || values.scopes === undefined) throw new UsageError('client create exige --name y --scopes.')
    const grants = list(values.grants)
    if (grants !== undefined && !grants.every(g => GRANT_TYPES.includes(g as GrantType))) throw new UsageError(`Concesiones válidas: ${GRANT_TYPES.join(', ')}.`)
    const defaultScopes = list(values['default-scopes'])
    const { client, secret } = await createClient(store, {
      name: values.name,
      scopes: list(values.scopes) ?? [],
      passwordGrant: values['password-grant'] === true,
      ...(values.id === undefined ? {} : { clientId: values.id }),
      ...(defaultScopes === undefined ? {} : { defaultScopes }),
      ...(grants === undefined ? {} : { grants: grants as GrantType[] }),
      ...(values.ente === undefined ? {} : { enteClave: values.ente })
    }, audit)
    io.out(`Cliente creado: ${describeClient(client)}`)
    io.out(`client_id: ${client.clientId}`)
    io.out(`client_secret: ${secret}`)
    io.out('Este secreto no se volverá a mostrar.')
    return
  }
  if (action === 'list') {
    const clients = await store.listClients()
    if (clients.length === 0) io.out('No hay clientes registrados.')
    for (const c of clients) io.out(describeClient(c))
    return
  }
  const { positionals } = parseArgs({ args, allowPositionals: true })
  if (action === 'rotate-secret') {
    const id = one(positionals, 'client_id')
    const secret = await rotateClientSecret(store, id, audit)
    io.out(`Secreto de ${id} rotado; el anterior dejó de funcionar.`)
    io.out(`client_secret: ${secret}`)
    io.out('Este secreto no se volverá a mostrar.')
    return
  }
  if (action === 'disable' || action === 'enable') {
    const id = one(positionals, 'client_id')
    await setClientDisabled(store, id, action === 'disable', audit)
    io.out(`Cliente ${id} ${action === 'disable' ? 'deshabilitado' : 'habilitado'}.`)
    return
  }
  throw new UsageError(`Acción desconocida para client: ${action ?? '(ninguna)'}.`)
}

async function passwordFor (io: CliIo, fromStdin: boolean): Promise<{ password: string, generated: boolean }> {
  if (fromStdin) return { password: (await io.readSecret()).replace(/\r?\n$/, ''), generated: false }
  return { password: generatePassword(), generated: true }
}

async function userCommand (store: AuthStore, io: CliIo, audit: AdminAudit, action: string | undefined, args: string[]): Promise<void> {
  if (action === 'list') {
    const users = await store.listUsers()
    if (users.length === 0) io.out('No hay usuarios registrados.')
    for (const u of users) io.out(`${u.username}\t${u.disabled ? 'DESHABILITADO' : 'activo'}\tcontraseña cambiada: ${u.passwordChangedAt.toISOString()}`)
    return
  }
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'password-stdin': { type: 'boolean' } } })
  const username = one(positionals, 'usuario')
  if (action === 'create' || action === 'set-password') {
    const { password, generated } = await passwordFor(io, values['password-stdin'] === true)
    if (action === 'create') await createUser(store, username, password, audit)
    else await setUserPassword(store, username, password, audit)
    io.out(action === 'create' ? `Usuario ${username} creado.` : `Contraseña de ${username} cambiada.`)
    if (generated) {
      io.out(`password: ${password}`)
      io.out('Esta contraseña no se volverá a mostrar.')
    }
    return
  }
  if (action === 'disable' || action === 'enable') {
    await setUserDisabled(store, username, action === 'disable', audit)
    io.out(`Usuario ${username} ${action === 'disable' ? 'deshabilitado' : 'habilitado'}.`)
    return
  }
  throw new UsageError(`Acción desconocida para user: ${action ?? '(ninguna)'}.`)
}

async function keysCommand (io: CliIo, action: string | undefined, args: string[]): Promise<void> {
  if (action !== 'generate') throw new UsageError(`Acción desconocida para keys: ${action ?? '(ninguna)'}.`)
  const { values } = parseArgs({ args, options: { alg: { type: 'string' } } })
  const alg = (values.alg ?? 'ES256') as SigningAlgorithm
  if (alg !== 'ES256' && alg !== 'EdDSA') throw new UsageError('--alg admite ES256 o EdDSA.')
  const ring = await KeyRing.generate(alg)
  io.out('# Valor para SEE_JWT_KEYS (llave PRIVADA: guárdelo como secreto, nunca en el repositorio).')
  io.out(ring.exportConfig())
}

/** CLI actions go to the auth audit without a client or token: that absence marks them as the CLI's. */
function cliAudit (store: AuthStore, io: CliIo): AdminAudit {
  return {
    record: async event => {
      try {
        await store.recordAudit(event)
      } catch (err) {
        io.out(`Aviso: la acción se realizó, pero no quedó en la bitácora de auditoría (${(err as Error).message}).`)
      }
    }
  }
}

/** Whether a command needs the database (key generation does not). */
export function needsStore (argv: string[]): boolean {
  return argv[0] === 'client' || argv[0] === 'user'
}

export async function runCommand (argv: string[], io: CliIo, store?: AuthStore): Promise<void> {
  const [resource, action, ...rest] = argv
  if (resource === undefined || resource === 'help' || resource === '--help') {
    io.out(HELP)
    return
  }
  if (resource === 'keys') return await keysCommand(io, action, rest)
  if (store === undefined) throw new UsageError('Este comando necesita la base de datos.')
  if (resource === 'client') return await clientCommand(store, io, cliAudit(store, io), action, rest)
  if (resource === 'user') return await userCommand(store, io, cliAudit(store, io), action, rest)
  throw new UsageError(`Recurso desconocido: ${resource}.`)
}
