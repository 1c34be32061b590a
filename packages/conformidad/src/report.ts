import type { Check, ConnectionTestReport } from '@see/service-core/connection-test'
import type { SystemProfile } from '@see/systems'

/** What the JSON report says of the run besides the checks. */
export interface RunFacts {
  system: SystemProfile
  url: string
  protocol: string
  startedAt: string
}

/** The machine-readable report (`--json`). */
export interface JsonReport {
  sistema: string
  pdn: string
  url: string
  protocolo: string
  inicio: string
  aprobado: boolean
  latenciaMaximaMs: number
  resumen: { total: number, aprobadas: number, fallidas: number }
  verificaciones: Check[]
}

// Ente answers are untrusted: control characters (terminal escapes among them) never reach the screen.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

function safe (text: string): string {
  return text.replace(CONTROL, '·')
}

export function progressLine (check: Check): string {
  const ms = check.latencyMs === undefined ? '' : ` (${check.latencyMs} ms)`
  return `  ${check.passed ? '✔' : '✘'} ${check.name}${ms}${check.passed && check.message !== undefined ? ` — ${safe(check.message)}` : ''}\n`
}

export function header (facts: RunFacts): string {
  return `SEE Chiapas · kit de conformidad\nSistema ${facts.system.pdnId} (${facts.system.title}) · ${facts.url} · protocolo ${facts.protocol}\n\n`
}

function table (checks: Check[]): string {
  const width = Math.max(12, ...checks.map(c => c.name.length))
  const rows = checks.map(c => `  ${c.name.padEnd(width)}  ${(c.passed ? 'pasa' : 'FALLA').padEnd(9)}${c.latencyMs === undefined ? '' : String(c.latencyMs).padStart(7)}`)
  return [`  ${'Verificación'.padEnd(width)}  ${'Resultado'.padEnd(9)}${'ms'.padStart(7)}`, `  ${'-'.repeat(width + 18)}`, ...rows].join('\n')
}

function failure (check: Check, index: number): string {
  const lines = [`${index}. ${check.name}`]
  const sent = [check.sent, check.request === undefined ? undefined : JSON.stringify(check.request)].filter(s => s !== undefined).join(' ')
  if (sent !== '') lines.push(`   Enviado:        ${safe(sent)}`)
  if (check.received !== undefined) lines.push(`   Recibido:       ${safe(check.received)}`)
  if (check.message !== undefined) lines.push(`   Problema:       ${safe(check.message)}`)
  if (check.expected !== undefined) lines.push(`   El estándar:    ${check.expected}`)
  if (check.fix !== undefined) lines.push(`   Cómo corregir:  ${check.fix}`)
  return lines.join('\n')
}

/** The summary for people: a table of every check, then each failure with what to do about it. */
export function humanSummary (report: ConnectionTestReport): string {
  const failed = report.checks.filter(c => !c.passed)
  const passed = report.checks.length - failed.length
  const verdict = failed.length === 0
    ? `Resultado: APROBADO. ${passed} de ${report.checks.length} verificaciones pasaron. La aprobación definitiva la da la prueba de conexión del Sistema Registral, que ejecuta estas mismas verificaciones.`
    : `Resultado: NO APROBADO. ${failed.length} de ${report.checks.length} verificaciones fallaron.`
  const failures = failed.length === 0 ? '' : `\nFallas\n\n${failed.map((c, i) => failure(c, i + 1)).join('\n\n')}\n`
  return `\nResumen\n\n${table(report.checks)}\n${failures}\n${verdict}\n`
}

export function jsonReport (report: ConnectionTestReport, facts: RunFacts): JsonReport {
  const failed = report.checks.filter(c => !c.passed).length
  return {
    sistema: facts.system.id,
    pdn: facts.system.pdnId,
    url: facts.url,
    protocolo: facts.protocol,
    inicio: facts.startedAt,
    aprobado: report.passed,
    latenciaMaximaMs: report.latencyMs ?? 0,
    resumen: { total: report.checks.length, aprobadas: report.checks.length - failed, fallidas: failed },
    verificaciones: report.checks
  }
}
