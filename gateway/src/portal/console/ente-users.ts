import { html } from 'ghtml'
import type { ApprovalRequest } from '@see/registry'
import type { EnteUserRow } from '../entes/users.js'
import { page } from '../views/layout.js'
import { CONSOLE_PATH } from './session.js'

// The console's part of the ente pages: inviting ente users (the one-time link is shown to the
// operator, who hands it over: there is no e-mail) and the entes' approval requests.

export function enteUsersPage (input: { nav: string, csrf: string, entes: Array<{ clave: string, nombre: string }>, users: EnteUserRow[], invitation?: { username: string, ente: string, link: string, expiresAt: Date }, message?: string, notice?: string }): string {
  return page({
    title: 'Usuarios de los entes',
    crumbs: [{ href: CONSOLE_PATH, label: 'Consola de operación' }, { label: 'Usuarios de los entes' }],
    main: html`<h1>Usuarios de los entes</h1>
!${input.nav}
!${input.message === undefined ? '' : html`<p class="estado error" role="alert">${input.message}</p>`}
!${input.notice === undefined ? '' : html`<p class="estado" role="status">${input.notice}</p>`}
!${input.invitation === undefined
? ''
: html`<div class="estado" role="status"><p>Invitación para <strong>${input.invitation.username}</strong> (${input.invitation.ente}). Entregue este enlace a la persona; sirve una sola vez, hasta el ${input.invitation.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, y no volverá a mostrarse:</p>
<p><code id="enlace-invitacion">${input.invitation.link}</code></p></div>`}
<h2>Invitar a un usuario</h2>
<p>Con el enlace, la persona elige su contraseña y entra a las páginas de su ente (/ente), donde registra y prueba sus conexiones. Invitar de nuevo a un usuario existente le permite elegir otra contraseña.</p>
<form class="filtros" method="post" action="${CONSOLE_PATH}/usuarios">
<input type="hidden" name="csrf" value="${input.csrf}">
<div><label for="u-ente">Ente</label><select id="u-ente" name="ente">!${input.entes.map(e => html`<option value="${e.clave}">${e.clave}: ${e.nombre}</option>`)}</select></div>
<div><label for="u-usuario">Usuario (por ejemplo, su correo)</label><input type="text" id="u-usuario" name="usuario" autocomplete="off" required></div>
<div class="acciones"><button type="submit">Crear la invitación</button></div>
</form>
<h2>Usuarios</h2>
!${input.users.length === 0
? html`<p>Aún no hay usuarios de entes.</p>`
: html`<div class="tabla"><table><caption>Usuarios de cada ente</caption>
<thead><tr><th scope="col">Ente</th><th scope="col">Usuario</th><th scope="col">Estado</th><th scope="col">Invitado por</th><th scope="col">Acción</th></tr></thead>
<tbody>!${input.users.map(u => html`<tr><td>${u.ente}</td><td>${u.username}</td><td>${u.disabled ? 'deshabilitado' : u.active ? 'activo' : 'invitación pendiente'}</td><td>${u.invitedBy}</td><td><form method="post" action="${CONSOLE_PATH}/usuarios/estado"><input type="hidden" name="csrf" value="${input.csrf}"><input type="hidden" name="usuario" value="${u.username}"><input type="hidden" name="deshabilitar" value="${u.disabled ? 'no' : 'si'}"><button type="submit">!${u.disabled ? 'Habilitar' : 'Deshabilitar'}<span class="oculto"> a ${u.username}</span></button></form></td></tr>`)}</tbody></table></div>`}`
  })
}

/** Open approval requests, each with a button that approves the connection (the stage form's route and checks). */
export function approvalRequestsSection (requests: ApprovalRequest[], csrf: string): string {
  return html`<h2>Solicitudes de aprobación</h2>
!${requests.length === 0
? html`<p>No hay solicitudes de aprobación abiertas.</p>`
: html`<div class="tabla"><table><caption>Conexiones en pruebas cuyo ente pide la aprobación</caption>
<thead><tr><th scope="col">Ente</th><th scope="col">Sistema</th><th scope="col">Solicitada</th><th scope="col">Por</th><th scope="col">Configuración</th><th scope="col">Acción</th></tr></thead>
<tbody>!${requests.map(r => html`<tr><td>${r.ente}</td><td>${r.system}</td><td>${r.requestedAt.slice(0, 16).replace('T', ' ')}</td><td>${r.actor.id}</td><td>versión ${r.configVersion}</td><td><form method="post" action="${CONSOLE_PATH}/conexiones/etapa"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="ente" value="${r.ente}"><input type="hidden" name="sistema" value="${r.system}"><input type="hidden" name="version" value="${r.configVersion}"><input type="hidden" name="etapa" value="aprobada"><button type="submit">Aprobar<span class="oculto"> la conexión de ${r.ente} en ${r.system}</span></button></form></td></tr>`)}</tbody></table></div>`}`
}
