import { html } from 'ghtml'
import type { RegistryConnection, RegistryEnte, RegistryStageHistoryEntry, RegistryTestReport } from '@see/openapi/types'
import { ENTE_STEPS, type ApprovalRequest } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import { connectionFields } from '../console/enrol.js'
import { page } from '../views/layout.js'
import { ENTE_PATH } from './session.js'

// The ente pages: Spanish, server-rendered, no script; every value from the registry or the ente
// escaped by the template tag. Secrets never come here: the registry's shapes carry none.

const when = (iso: string): string => iso.slice(0, 16).replace('T', ' ')

function notice (text: string | undefined, error = false): string {
  if (text === undefined) return ''
  return error ? html`<p class="estado error" role="alert">${text}</p>` : html`<p class="estado" role="status">${text}</p>`
}

function nav (who: string, clave: string, csrf: string): string {
  return html`<nav aria-label="Páginas del ente" class="paginas"><a href="${ENTE_PATH}/${clave}">Mi ente</a>
<form method="post" action="${ENTE_PATH}/salir"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">Cerrar sesión (${who})</button></form></nav>`
}

export function enteLoginPage (message?: string, done?: string): string {
  return page({
    title: 'Páginas del ente',
    main: html`<h1>Páginas del ente</h1>
<p>Para el equipo de tecnologías de un ente público: registre y pruebe las conexiones de su ente con el SEE y solicite su aprobación.</p>
!${notice(message, true)}
!${notice(done)}
<h2>Con su usuario</h2>
<form class="filtros" method="post" action="${ENTE_PATH}/entrar">
<div><label for="usuario">Usuario</label><input type="text" id="usuario" name="usuario" autocomplete="username" required></div>
<div><label for="contrasena">Contraseña</label><input type="password" id="contrasena" name="contrasena" autocomplete="current-password" required></div>
<div class="acciones"><button type="submit">Iniciar sesión</button></div>
</form>
<h2>Con el cliente OAuth2 del ente</h2>
<form class="filtros" method="post" action="${ENTE_PATH}/entrar-cliente">
<div><label for="client_id">Identificador del cliente</label><input type="text" id="client_id" name="client_id" autocomplete="off" required></div>
<div><label for="client_secret">Secreto del cliente</label><input type="password" id="client_secret" name="client_secret" autocomplete="off" required></div>
<div class="acciones"><button type="submit">Iniciar sesión con el cliente</button></div>
</form>`
  })
}

export function invitationPage (input: { token: string, username: string, ente: string, message?: string }): string {
  return page({
    title: 'Activar su usuario',
    main: html`<h1>Activar su usuario</h1>
<p>Usuario <strong>${input.username}</strong> del ente ${input.ente}. Elija su contraseña: al menos 12 caracteres. Este enlace sirve una sola vez.</p>
!${notice(input.message, true)}
<form class="filtros" method="post" action="${ENTE_PATH}/invitacion">
<input type="hidden" name="token" value="${input.token}">
<div><label for="contrasena">Contraseña nueva</label><input type="password" id="contrasena" name="contrasena" autocomplete="new-password" minlength="12" required></div>
<div><label for="confirmacion">Repita la contraseña</label><input type="password" id="confirmacion" name="confirmacion" autocomplete="new-password" minlength="12" required></div>
<div class="acciones"><button type="submit">Guardar contraseña</button></div>
</form>`
  })
}

export interface EntePageInput {
  who: string
  csrf: string
  ente: RegistryEnte
  connections: RegistryConnection[]
  systems: readonly SystemProfile[]
  message?: string
  error?: boolean
}

export function entePage (input: EntePageInput): string {
  const { ente } = input
  const bySystem = new Map(input.connections.map(c => [c.system, c]))
  return page({
    title: ente.nombre,
    crumbs: [{ label: 'Mi ente' }],
    main: html`<h1>${ente.nombre}</h1>
!${nav(input.who, ente.clave, input.csrf)}
!${notice(input.message, input.error === true)}
<h2>Datos del ente</h2>
<dl class="registro"><dt>Clave</dt><dd>${ente.clave}</dd>!${ente.siglas === undefined ? '' : html`<dt>Siglas</dt><dd>${ente.siglas}</dd>`}<dt>Orden de gobierno</dt><dd>${ente.orden}</dd><dt>Poder u órgano</dt><dd>${ente.poder}</dd>!${ente.municipio === undefined ? '' : html`<dt>Municipio</dt><dd>${ente.municipio}</dd>`}</dl>
<h2>Contactos</h2>
!${ente.contacts.length === 0 ? html`<p>Sin contactos registrados.</p>` : html`<ul>!${ente.contacts.map((c, index) => html`<li>${c.nombre}, ${c.cargo} (${c.email}!${c.telefono === undefined ? '' : html`, ${c.telefono}`}) <form class="en-linea" method="post" action="${ENTE_PATH}/${ente.clave}/contactos/quitar"><input type="hidden" name="csrf" value="${input.csrf}"><input type="hidden" name="indice" value="${String(index)}"><button type="submit">Quitar<span class="oculto"> a ${c.nombre}</span></button></form></li>`)}</ul>`}
<form class="filtros" method="post" action="${ENTE_PATH}/${ente.clave}/contactos"><input type="hidden" name="csrf" value="${input.csrf}">
<div><label for="c-nombre">Nombre del contacto</label><input type="text" id="c-nombre" name="nombre" autocomplete="name" required></div>
<div><label for="c-cargo">Cargo</label><input type="text" id="c-cargo" name="cargo" required></div>
<div><label for="c-email">Correo electrónico</label><input type="email" id="c-email" name="email" autocomplete="email" required></div>
<div><label for="c-telefono">Teléfono</label><input type="tel" id="c-telefono" name="telefono" autocomplete="tel"></div>
<div class="acciones"><button type="submit">Agregar el contacto</button></div>
</form>
<h2>Conexiones por sistema</h2>
<div class="tabla"><table><caption>La conexión de su ente con cada sistema</caption>
<thead><tr><th scope="col">Sistema</th><th scope="col">Etapa</th><th scope="col">Última prueba</th><th scope="col">Acción</th></tr></thead>
<tbody>!${input.systems.map(system => {
  const connection = bySystem.get(system.id)
  const href = `${ENTE_PATH}/${ente.clave}/conexiones/${system.id}`
  return html`<tr><th scope="row">${system.pdnId}: ${system.title}</th><td>${connection?.stage ?? 'sin conexión'}</td><td>${connection?.latestTest === undefined ? '—' : `${connection.latestTest.passed ? 'aprobada' : 'fallida'} (${when(connection.latestTest.createdAt)})`}</td><td><a href="${href}">!${connection === undefined ? 'Registrar la conexión' : 'Ver la conexión'}<span class="oculto"> de ${system.pdnId}</span></a></td></tr>`
})}</tbody></table></div>`
  })
}

/** What the next step of each stage needs, said to the ente. */
const NEXT_STEP: Record<string, string> = {
  solicitud: 'Confirme que su API sigue el estándar del sistema y avance a la etapa estandar.',
  estandar: 'Registre el mecanismo de conexión (URL, protocolo y autenticación) y avance a la etapa mecanismo.',
  mecanismo: 'Avance a la etapa pruebas para ejecutar la prueba de conexión.',
  pruebas: 'Ejecute la prueba de conexión; cuando pase, solicite la aprobación a la SESAECH.',
  aprobada: 'La SESAECH aprobó la conexión; la pondrá en producción.',
  produccion: 'La conexión está en producción: la PDN consulta a su ente. Un cambio de URL, protocolo o credenciales queda pendiente hasta que se pruebe y se apruebe.',
  mantenimiento: 'La conexión está en mantenimiento: pruébela y avise a la SESAECH para volver a producción.',
  suspendida: 'La conexión está suspendida: comuníquese con la SESAECH.'
}

export interface ConnectionPageInput {
  who: string
  csrf: string
  ente: RegistryEnte
  system: SystemProfile
  connection?: RegistryConnection
  history: RegistryStageHistoryEntry[]
  report?: RegistryTestReport
  approval?: ApprovalRequest
  canTest: boolean
  hasSandbox: boolean
  message?: string
  error?: boolean
}

function actorLabel (actor: { kind: string, id: string }): string {
  return actor.kind === 'operator' ? `operador ${actor.id}` : actor.kind === 'ente' ? actor.id : actor.id
}

function hidden (csrf: string): string {
  return html`<input type="hidden" name="csrf" value="${csrf}">`
}

function detail (label: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return ''
  return html`<dt>${label}</dt><dd>${String(value)}</dd>`
}

export function reportSection (report: RegistryTestReport): string {
  return html`<p class="estado!${report.passed ? '' : ' error'}" role="status">${report.passed ? `La prueba del ${when(report.createdAt)} pasó: puede solicitar la aprobación.` : `La prueba del ${when(report.createdAt)} falló: revise las comprobaciones marcadas.`}</p>
<ol class="comprobaciones">!${report.checks.map(check => html`<li><p><strong>${check.name}</strong>: !${check.passed ? 'pasó' : html`<span class="falla">falló</span>`}!${check.message === undefined ? '' : html`. ${check.message}`}</p>
!${check.passed ? '' : html`<dl class="registro">!${detail('Se envió', check.sent)}!${detail('Se recibió', check.received)}!${detail('El estándar espera', check.expected)}!${detail('Cómo corregirlo', check.fix)}</dl>`}</li>`)}</ol>`
}

export function connectionPage (input: ConnectionPageInput): string {
  const { ente, system, connection, csrf } = input
  const base = `${ENTE_PATH}/${ente.clave}/conexiones/${system.id}`
  const next = connection === undefined ? undefined : ENTE_STEPS[connection.stage]
  const current = connection === undefined ? undefined : { protocol: connection.protocol, baseUrl: connection.baseUrl, ...(connection.tokenUrl !== undefined && { tokenUrl: connection.tokenUrl }), authKind: connection.auth.kind }
  return page({
    title: `${system.pdnId} de ${ente.clave}`,
    crumbs: [{ href: `${ENTE_PATH}/${ente.clave}`, label: 'Mi ente' }, { label: `Conexión ${system.pdnId}` }],
    main: html`<h1>Conexión de ${ente.clave} con ${system.pdnId}: ${system.title}</h1>
!${nav(input.who, ente.clave, csrf)}
!${notice(input.message, input.error === true)}
!${connection === undefined
  ? html`<p>Su ente aún no registra su conexión con este sistema.</p>`
  : html`<h2>Etapa</h2>
<p>Etapa actual: <strong>${connection.stage}</strong> desde ${when(connection.stageChangedAt)}. ${NEXT_STEP[connection.stage] ?? ''}</p>
!${next === undefined ? '' : html`<form method="post" action="${base}/etapa">!${hidden(csrf)}<input type="hidden" name="etapa" value="${next}"><button type="submit">Avanzar a la etapa ${next}</button></form>`}
!${input.history.length === 0
? ''
: html`<div class="tabla"><table><caption>Historial de etapas</caption><thead><tr><th scope="col">Fecha</th><th scope="col">De</th><th scope="col">A</th><th scope="col">Quién</th><th scope="col">Observaciones</th></tr></thead>
<tbody>!${input.history.map(entry => html`<tr><td>${when(entry.at)}</td><td>${entry.from ?? '—'}</td><td>${entry.to}</td><td>${actorLabel(entry.actor)}</td><td>${entry.observations ?? ''}</td></tr>`)}</tbody></table></div>`}
<h2>Prueba de conexión</h2>
!${input.canTest ? html`<form method="post" action="${base}/prueba">!${hidden(csrf)}<button type="submit">Ejecutar la prueba de conexión</button></form>` : html`<p>La prueba se ejecuta en la etapa pruebas (o mantenimiento), o sobre una configuración pendiente.</p>`}
!${input.report === undefined ? html`<p>Aún no hay pruebas.</p>` : reportSection(input.report)}
!${input.hasSandbox ? html`<p><a href="${base}/sandbox">Consulta sandbox: los registros de su ente como los federará el SEE</a></p>` : ''}
<h2>Aprobación</h2>
!${input.approval !== undefined
  ? html`<p role="status">Solicitó la aprobación el ${when(input.approval.requestedAt)} (${actorLabel(input.approval.actor)}); la SESAECH la revisará.</p>`
  : connection.stage === 'pruebas'
    ? html`<form method="post" action="${base}/aprobacion">!${hidden(csrf)}<button type="submit">Solicitar la aprobación</button></form>`
    : html`<p>La aprobación se solicita en la etapa pruebas, con una prueba exitosa de la configuración vigente.</p>`}`}
<h2>!${connection === undefined ? 'Registrar la conexión' : 'Configuración de la conexión'}</h2>
!${connection === undefined ? '' : html`<dl class="registro"><dt>Protocolo</dt><dd>${connection.protocol}</dd><dt>URL base</dt><dd>${connection.baseUrl}</dd>!${detail('URL del token', connection.tokenUrl)}<dt>Autenticación</dt><dd>${connection.auth.kind}</dd><dt>Credenciales guardadas</dt><dd>${connection.auth.credentialFields.length === 0 ? 'ninguna' : `${connection.auth.credentialFields.join(', ')} (cifradas; no se muestran)`}</dd><dt>Versión de la configuración</dt><dd>${connection.configVersion}</dd>!${connection.pendingConfiguration === undefined ? '' : html`<dt>Configuración pendiente</dt><dd>versión ${connection.pendingConfiguration.configVersion}, en espera de prueba y aprobación</dd>`}</dl>`}
<p>Las credenciales se guardan cifradas y nunca se muestran.!${connection === undefined ? '' : ' Deje las credenciales en blanco para conservar las guardadas.'}</p>
<form class="filtros" method="post" action="${base}">!${hidden(csrf)}
!${connectionFields(current)}
<div class="acciones"><button type="submit">!${connection === undefined ? 'Registrar la conexión' : 'Guardar la configuración'}</button></div>
</form>`
  })
}

export function sandboxPage (input: { who: string, csrf: string, ente: string, system: SystemProfile, answer?: { totalRows: number, results: unknown[] }, message?: string }): string {
  const back = `${ENTE_PATH}/${input.ente}/conexiones/${input.system.id}`
  return page({
    title: `Consulta sandbox ${input.system.pdnId}`,
    crumbs: [{ href: `${ENTE_PATH}/${input.ente}`, label: 'Mi ente' }, { href: back, label: `Conexión ${input.system.pdnId}` }, { label: 'Consulta sandbox' }],
    main: html`<h1>Consulta sandbox de ${input.ente} en ${input.system.pdnId}</h1>
!${nav(input.who, input.ente, input.csrf)}
!${notice(input.message, true)}
!${input.answer === undefined
? ''
: html`<p role="status">Su ente publica ${input.answer.totalRows} registros; estos son los primeros ${input.answer.results.length}, como los federará el SEE.</p>
<ol>!${input.answer.results.map(record => html`<li><pre>${JSON.stringify(record, null, 2)}</pre></li>`)}</ol>`}
<p><a href="${back}">Volver a la conexión</a></p>`
  })
}
