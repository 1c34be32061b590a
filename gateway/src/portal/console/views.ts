import { html } from 'ghtml'
import { registryDocument } from '@see/openapi'
import type { EnteHealth } from '../../monitor/history.js'
import { page } from '../views/layout.js'
import { CONSOLE_PATH } from './session.js'

/** The onboarding stages, in order, from the registry's contract. */
export const STAGES = (registryDocument.components.schemas.RegistryStage?.enum ?? []) as string[]

export interface ConnectionRow {
  ente: string
  system: string
  stage: string
  stageChangedAt: string
  baseUrl: string
  /** The configuration shown: a stage change from this page is refused if the connection has another by then. */
  configVersion: number
  latestTest?: { passed: boolean, createdAt: string }
}

export interface CoverageView {
  entes: number
  systems: Array<{ system: string, byStage: Record<string, number> }>
}

const crumbs = (label: string): Array<{ href?: string, label: string }> => [{ href: CONSOLE_PATH, label: 'Consola de operación' }, { label }]

export function nav (clientId: string, csrf: string): string {
  return html`<nav aria-label="Consola" class="paginas"><a href="${CONSOLE_PATH}">Conexiones</a><a href="${CONSOLE_PATH}/alta">Alta de un ente</a><a href="${CONSOLE_PATH}/usuarios">Usuarios de los entes</a><a href="${CONSOLE_PATH}/monitor">Monitor de entes</a>
<form method="post" action="${CONSOLE_PATH}/salir"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">Cerrar sesión (${clientId})</button></form></nav>`
}

export function loginPage (message?: string): string {
  return page({
    title: 'Consola de operación',
    main: html`<h1>Consola de operación</h1>
<p>Para operadores de la SESAECH: inicie sesión con las credenciales de su cliente OAuth2 de operador (alcance registry:admin).</p>
!${message === undefined ? '' : html`<p class="estado error" role="alert">${message}</p>`}
<form class="filtros" method="post" action="${CONSOLE_PATH}/entrar">
<div><label for="client_id">Identificador del cliente</label><input type="text" id="client_id" name="client_id" autocomplete="username" required></div>
<div><label for="client_secret">Secreto del cliente</label><input type="password" id="client_secret" name="client_secret" autocomplete="current-password" required></div>
<div class="acciones"><button type="submit">Iniciar sesión</button></div>
</form>`
  })
}

function stageForm (row: ConnectionRow, csrf: string): string {
  const id = `etapa-${row.ente}-${row.system}`
  return html`<form method="post" action="${CONSOLE_PATH}/conexiones/etapa"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="ente" value="${row.ente}"><input type="hidden" name="sistema" value="${row.system}"><input type="hidden" name="version" value="${row.configVersion}">
<label for="${id}" class="oculto">Nueva etapa de ${row.ente} en ${row.system}</label><select id="${id}" name="etapa">!${STAGES.map(stage => html`<option value="${stage}"!${stage === row.stage ? ' selected' : ''}>${stage}</option>`)}</select> <button type="submit">Cambiar etapa</button></form>`
}

function testForm (row: ConnectionRow, csrf: string): string {
  return html`<form method="post" action="${CONSOLE_PATH}/conexiones/prueba"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="ente" value="${row.ente}"><input type="hidden" name="sistema" value="${row.system}"><button type="submit">Probar conexión<span class="oculto"> de ${row.ente} en ${row.system}</span></button></form>`
}

export function connectionsPage (input: { clientId: string, csrf: string, coverage: CoverageView, connections: ConnectionRow[], approvals: string, notice?: string }): string {
  const { csrf } = input
  return page({
    title: 'Consola de operación',
    crumbs: crumbs('Conexiones'),
    main: html`<h1>Conexiones de los entes</h1>
!${nav(input.clientId, csrf)}
!${input.notice === undefined ? '' : html`<p class="estado" role="status">${input.notice}</p>`}
<h2>Cobertura</h2>
<p>${input.coverage.entes} entes registrados.</p>
<div class="tabla"><table><caption>Conexiones por sistema y etapa</caption>
<thead><tr><th scope="col">Sistema</th>!${STAGES.map(stage => html`<th scope="col">${stage}</th>`)}</tr></thead>
<tbody>!${input.coverage.systems.map(system => html`<tr><th scope="row">${system.system}</th>!${STAGES.map(stage => html`<td>${system.byStage[stage] ?? 0}</td>`)}</tr>`)}</tbody></table></div>
!${input.approvals}
<h2>Conexiones</h2>
<div class="tabla"><table><caption>Cada conexión, su etapa y su última prueba</caption>
<thead><tr><th scope="col">Ente</th><th scope="col">Sistema</th><th scope="col">Etapa</th><th scope="col">Última prueba</th><th scope="col">Acciones</th></tr></thead>
<tbody>!${input.connections.map(row => html`<tr><td>${row.ente}</td><td>${row.system}</td><td>${row.stage} <span class="ayuda">desde ${row.stageChangedAt.slice(0, 16).replace('T', ' ')}</span></td><td>${row.latestTest === undefined ? 'sin pruebas' : `${row.latestTest.passed ? 'aprobada' : 'fallida'} (${row.latestTest.createdAt.slice(0, 16).replace('T', ' ')})`}</td><td>!${stageForm(row, csrf)}!${testForm(row, csrf)}</td></tr>`)}</tbody></table></div>`
  })
}

function percent (value: number | undefined): string {
  return value === undefined ? '—' : `${(value * 100).toFixed(1)} %`
}

function healthTable (health: EnteHealth[]): string {
  if (health.length === 0) return html`<p>Aún no hay sondas registradas.</p>`
  return html`<div class="tabla"><table><caption>Última sonda y disponibilidad de cada conexión en producción</caption>
<thead><tr><th scope="col">Sistema</th><th scope="col">Ente</th><th scope="col">Estado</th><th scope="col">Disponibilidad 24 h</th><th scope="col">7 días</th><th scope="col">Latencia p50 / p95</th><th scope="col">Registros</th></tr></thead>
<tbody>!${health.map(row => html`<tr><td>${row.system}</td><td>${row.ente}</td><td>!${row.up ? html`<span>arriba</span>` : html`<span class="falla">caído ${row.lastErrorCode ?? ''}</span>`}</td><td>${percent(row.uptime['24h'])}</td><td>${percent(row.uptime['7d'])}</td><td>${row.latencyMs.p50 ?? '—'} / ${row.latencyMs.p95 ?? '—'} ms</td><td>${row.totalRows ?? '—'}</td></tr>`)}</tbody></table></div>`
}

export function monitorPage (input: { clientId: string, csrf: string, health: EnteHealth[] }): string {
  return page({
    title: 'Monitor de entes',
    crumbs: crumbs('Monitor de entes'),
    main: html`<h1>Monitor de entes</h1>
!${nav(input.clientId, input.csrf)}
!${healthTable(input.health)}`
  })
}

export interface TestReportView { passed: boolean, ente: string, system: string, checks: Array<{ name: string, passed: boolean, message?: string }> }

export function testReportPage (input: { clientId: string, csrf: string, report: TestReportView }): string {
  const { report } = input
  return page({
    title: 'Prueba de conexión',
    crumbs: crumbs('Prueba de conexión'),
    main: html`<h1>Prueba de conexión de ${report.ente} en ${report.system}</h1>
!${nav(input.clientId, input.csrf)}
<p class="estado!${report.passed ? '' : ' error'}" role="status">${report.passed ? 'La prueba pasó: la conexión puede aprobarse.' : 'La prueba falló: revise las comprobaciones marcadas.'}</p>
<div class="tabla"><table><caption>Comprobaciones</caption><thead><tr><th scope="col">Comprobación</th><th scope="col">Resultado</th><th scope="col">Detalle</th></tr></thead>
<tbody>!${report.checks.map(check => html`<tr><td>${check.name}</td><td>!${check.passed ? 'pasó' : html`<span class="falla">falló</span>`}</td><td>${check.message ?? ''}</td></tr>`)}</tbody></table></div>`
  })
}
