import { parseArgs } from 'node:util'
import { SYSTEMS, type SystemProfile } from '@see/systems'

/** What the command line asks for (credentials apart: see credentials.ts). */
export interface Invocation {
  system: SystemProfile
  url: string
  tokenUrl?: string
  protocol: typeof PROTOCOLS[number]
  json: boolean
  crawl: boolean
  timeoutMs: number
  flags: { clientId?: string, clientSecret?: string, username?: string, password?: string, token?: string, scope?: string }
}

export class UsageError extends Error {}

const PROTOCOLS = ['sesna-v1', 'directus-v2', 'ocds-releases'] as const
/** The PDN's budget for one data call. */
const DEFAULT_TIMEOUT_MS = 4_000

const OPTIONS = {
  url: { type: 'string' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  token: { type: 'string' },
  scope: { type: 'string' },
  protocol: { type: 'string', default: 'sesna-v1' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean', default: false },
  crawl: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const

export function usage (): string {
  const systems = SYSTEMS.map(s => `  ${s.id.padEnd(5)} ${s.title} (${s.paths.search ?? ''})`).join('\n')
  return `Uso: see-conformidad <sistema> --url <URL base> [opciones]

Prueba la API de su ente contra el estándar de la PDN, con las mismas verificaciones que la prueba
de conexión del Sistema Registral del SEE Chiapas. No necesita base de datos ni el SEE.

Sistemas:
${systems}

Opciones:
  --url URL              URL base de su API (sin la ruta del sistema), p. ej. https://api.ente.gob.mx
  --token-url URL        URL del servidor de tokens OAuth2 (por omisión <url>/oauth/token)
  --protocol P           sesna-v1 (API REST del estándar, por omisión), directus-v2 (Directus de la SESNA)
                         u ocds-releases (S6: paquetes de entregas OCDS; --url es la primera página)
  --client-id ID         client_id OAuth2 (sesna-v1)
  --client-secret S      client_secret (mejor en SEE_CONFORMIDAD_CLIENT_SECRET o escrito al preguntarse)
  --username U           usuario del grant password, como lo usa la PDN (o SEE_CONFORMIDAD_USERNAME)
  --password P           contraseña (mejor en SEE_CONFORMIDAD_PASSWORD o escrita al preguntarse)
  --token T              token estático de Directus (directus-v2; o SEE_CONFORMIDAD_TOKEN)
  --scope S              scope a pedir con el token, si su servidor lo exige
  --timeout-ms N         tiempo máximo de cada llamada, cuerpo incluido (por omisión ${DEFAULT_TIMEOUT_MS}, el de la PDN)
  --crawl                recorre todas las páginas con pageSize 200 (cada registro una vez)
  --json                 informe para máquinas (JSON) en la salida estándar
  -h, --help             esta ayuda

Las credenciales que falten se preguntan sin mostrarlas en pantalla. El código de salida es 0 solo
cuando todas las verificaciones pasan (1 si alguna falla, 2 si el comando está mal escrito).
`
}

function systemOf (id: string | undefined): SystemProfile {
  const wanted = (id ?? '').toLowerCase()
  const system = SYSTEMS.find(s => s.id === wanted || s.pdnId.toLowerCase() === wanted)
  if (system === undefined) throw new UsageError(`Indique el sistema: ${SYSTEMS.map(s => s.id).join(', ')}${id === undefined ? '' : ` (no se reconoce «${id}»)`}.`)
  return system
}

function httpUrl (value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`${flag} no es una URL válida.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${flag} debe empezar con https:// (o http:// en pruebas locales).`)
  return value
}

/** Reads the command line; throws UsageError with a message that says what to write. */
export function parseInvocation (argv: string[]): Invocation | 'help' {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. Vea see-conformidad --help.`)
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  const system = systemOf(positionals[0])
  const url = httpUrl(values.url, '--url')
  if (url === undefined) throw new UsageError('Falta --url: la URL base de su API.')
  const tokenUrl = httpUrl(values['token-url'], '--token-url')
  const protocol = PROTOCOLS.find(p => p === values.protocol)
  if (protocol === undefined) throw new UsageError(`--protocol debe ser uno de: ${PROTOCOLS.join(', ')}.`)
  const timeoutMs = values['timeout-ms'] === undefined ? DEFAULT_TIMEOUT_MS : Number(values['timeout-ms'])
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) throw new UsageError('--timeout-ms debe ser un entero entre 100 y 120000.')
  const flags = Object.fromEntries(Object.entries({
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    username: values.username,
    password: values.password,
    token: values.token,
    scope: values.scope
  }).filter(([, v]) => v !== undefined && v !== '')) as Invocation['flags']
  return { system, url, ...(tokenUrl !== undefined && { tokenUrl }), protocol, json: values.json, crawl: values.crawl, timeoutMs, flags }
}
