import { FAULTS, type Fault } from '@see/ente-simulator'
import { portalExamplePath } from '@see/gateway'
import { exampleOf, type SystemId, type SystemProfile } from '@see/systems'
import type { DemoCredentials, OperatorCredentials } from './demo-access.js'

// What `npm start` prints for people to paste: every command is generated from the running
// federation and the systems' profiles (a new system gets its query by being federated), and a
// test (test/integration/demo-guide.test.ts) runs each one exactly as printed.

/** The line after which every indented line is a command (see `commandsOf`). */
export const GUIDE_MARKER = 'Pruebe (las líneas con sangría de dos espacios son comandos de bash; péguelas en orden desde la carpeta del clon):'

export interface GuideInput {
  gatewayUrl: string
  controlUrl: string
  /** The federated systems, in the order of the list of systems. */
  systems: readonly SystemProfile[]
  credentials: DemoCredentials
  operator: OperatorCredentials
  /**
   * Where each simulated ente's connection ended its onboarding, and how each speaks: the fault is put
   * on the first `sesna-v1` ente in production for the first system (one left in `pruebas` is not
   * federated, so its fault would show nothing; the standard's API simulates every fault, Directus only
   * those that need no body).
   */
  seeded: ReadonlyArray<{ clave: string, system: SystemId, stage: string }>
  providers: ReadonlyArray<{ clave: string, protocol: string }>
  /** The embedded database's local connection string; absent on PostgreSQL (`DATABASE_URL`). */
  databaseLocalUrl?: string
}

/** A shell word in single quotes, whatever it holds. */
function quote (value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`
}

const TOKEN_OF = 'node -pe \'JSON.parse(require("fs").readFileSync(0)).access_token\''
/** The tracking request's body (folio and code) from the receipt in $ACUSE. */
const TRACKING_OF = 'node -pe \'const a = JSON.parse(require("fs").readFileSync(0)); JSON.stringify({ folio: a.folio, codigo: a.codigoSeguimiento })\''
const JSON_TYPE = "-H 'content-type: application/json'"
const bearer = (variable: string): string => `-H "authorization: Bearer $${variable}"`

/**
 * Filing a denuncia and following it (the first system with `intake`, S5), to an ente in
 * production that speaks the standard's API (a Directus ente has no filing endpoint): none when
 * no such system is federated or no such ente is in production.
 */
function filingStep (input: GuideInput, step: number): string[] {
  const url = input.gatewayUrl
  const system = input.systems.find(candidate => candidate.intake !== undefined)
  const intake = system?.intake
  const standard = new Set(input.providers.filter(provider => provider.protocol === 'sesna-v1').map(provider => provider.clave))
  const ente = input.seeded.find(outcome => outcome.system === system?.id && outcome.stage === 'produccion' && standard.has(outcome.clave))?.clave
  if (system === undefined || intake === undefined || ente === undefined) return []
  return [
    '',
    `${step}) Una denuncia anónima (${system.pdnId}, sin token) ante el ente ${ente}: el acuse trae su folio y un código de seguimiento`,
    'que solo se muestra esta vez (guárdelos). Luego su estado con ese folio y código: recibida (guardada, en camino al ente) o entregada:',
    `  ACUSE=$(curl -sS ${JSON_TYPE} \\`,
    `    -d ${quote(JSON.stringify({ ...intake.example, ente }))} ${url}${intake.path}); echo "$ACUSE"`,
    `  curl -sS ${JSON_TYPE} -d "$(echo "$ACUSE" | ${TRACKING_OF})" \\`,
    `    ${url}${intake.trackingPath}`
  ]
}

/** The guide's text: numbered steps, each with its commands indented by two spaces. */
export function demoGuide (input: GuideInput): string {
  const { gatewayUrl: url, controlUrl, systems, credentials: pdn, operator } = input
  const [first] = systems
  if (first === undefined) return 'No hay sistemas federados: no hay consultas que probar.'
  const standard = new Set(input.providers.filter(provider => provider.protocol === 'sesna-v1').map(provider => provider.clave))
  const ente = input.seeded.find(outcome => outcome.system === first.id && outcome.stage === 'produccion' && standard.has(outcome.clave))?.clave ?? 'CLAVE'
  const fault: Fault = 'error-500'
  const setFault = (value: Fault): string => `  curl -sS -X PUT ${JSON_TYPE} -d '{"fault":"${value}"}' ${controlUrl}/providers/${ente}`
  const search = (system: SystemProfile, body: object, flags = '-sS'): string =>
    `  curl ${flags} ${bearer('TOKEN')} ${JSON_TYPE} \\\n    -d ${quote(JSON.stringify(body))} ${url}${system.paths.search ?? ''}`
  const operatorGet = (path: string): string => `  curl -sS ${bearer('OPTOKEN')} ${url}${path}`
  const firstQuery = exampleOf(first).query ?? {}
  const lines = [
    GUIDE_MARKER,
    '',
    `1) Token de la PDN (password grant, credenciales del cliente en Basic y en el cuerpo, como la PDN). Cliente ${pdn.clientId}, usuario ${pdn.username}:`,
    `  TOKEN=$(curl -sS -u ${quote(`${pdn.clientId}:${pdn.clientSecret}`)} \\`,
    `    -d ${quote(`grant_type=password&username=${pdn.username}&password=${pdn.password}&client_id=${pdn.clientId}&client_secret=${pdn.clientSecret}`)} \\`,
    `    ${url}/oauth/token | ${TOKEN_OF})`,
    '',
    `2) Una consulta en todos los entes, por sistema (${systems.map(system => system.pdnId).join(', ')}):`,
    ...systems.map(system => search(system, exampleOf(system))),
    '',
    `3) Resumen por ente (en vivo, sin caché) y dependencias de ${first.pdnId}:`,
    `  curl -sS ${bearer('TOKEN')} ${JSON_TYPE} -d ${quote(JSON.stringify({ query: firstQuery }))} ${url}${first.paths.search ?? ''}/summary`,
    ...(first.paths.dependencias === undefined ? [] : [`  curl -sS ${bearer('TOKEN')} ${url}${first.paths.dependencias}`]),
    '',
    `4) Una falla en el ente ${ente} (otras: ${FAULTS.filter(f => f !== 'none' && f !== fault).join(', ')}), una consulta nueva que la muestra`,
    '(-i muestra los encabezados: x-see-incomplete nombra al ente que faltó y por qué) y cómo deshacerla:',
    setFault(fault),
    search(first, { page: 1, pageSize: 3 }, '-sS -i'),
    setFault('none'),
    '',
    '5) Operador de SESAECH (Sistema Registral y administración; cliente client_credentials solo de esta demostración).',
    `Cliente ${operator.clientId}, alcances: ${operator.scopes.join(' ')}. Token, etapa de cada conexión, cobertura y clientes OAuth2:`,
    `  OPTOKEN=$(curl -sS -u ${quote(`${operator.clientId}:${operator.clientSecret}`)} -d 'grant_type=client_credentials&scope=registry:admin' \\`,
    `    ${url}/oauth/token | ${TOKEN_OF})`,
    operatorGet('/registro/v1/conexiones'),
    operatorGet('/registro/v1/cobertura'),
    operatorGet('/admin/v1/clientes'),
    `La API de operador completa está documentada en ${url}/docs/operador/json (con este token).`,
    '',
    '6) La CLI de clientes y usuarios (see-auth) sobre la base de datos de esta demostración, mientras corre:',
    ...(input.databaseLocalUrl === undefined
      ? ['Con la misma DATABASE_URL con que inició el SEE (exportada en esta terminal):', '  npm run -s see-auth -- client list']
      : [`  DATABASE_URL=${input.databaseLocalUrl} npm run -s see-auth -- client list`]),
    'Ayuda de la CLI: npm run -s see-auth -- help',
    '',
    `7) El portal público, para cualquier persona (en español, sin JavaScript ni credenciales): abra ${url}/ en el navegador.`,
    `La consulta del paso 2 de ${first.pdnId} como página del portal (su URL es permanente; aquí, los registros que encontró):`,
    `  curl -sS ${quote(`${url}${portalExamplePath(first)}`)} | grep -oE 'Registros [0-9]+ a [0-9]+ de [0-9]+'`,
    ...filingStep(input, 8)
  ]
  return lines.join('\n')
}

/**
 * The commands of a guide, as a shell reads them: every line indented by exactly two spaces after
 * the marker, with the lines it continues with a trailing backslash.
 */
export function commandsOf (text: string): string[] {
  const lines = text.split('\n')
  const start = lines.indexOf(GUIDE_MARKER)
  if (start === -1) return []
  const commands: string[] = []
  let open: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (open.length === 0 && !/^ {2}\S/.test(line)) continue
    open.push(line)
    if (line.endsWith('\\')) continue
    commands.push(open.join('\n'))
    open = []
  }
  return commands
}
