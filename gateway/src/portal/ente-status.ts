import type { CoveredEnte } from './coverage.js'

/** Why an ente was left out of an answer, said to people (the `x-see-incomplete` codes). */
const REASONS: Record<string, string> = {
  ENTE_TIMEOUT: 'no respondió a tiempo',
  ENTE_HTTP_ERROR: 'respondió con un error',
  ENTE_CIRCUIT_OPEN: 'está en pausa tras fallas repetidas',
  ENTE_OVERLOADED: 'está saturado',
  ENTE_INVALID_RECORDS: 'algunos de sus registros no cumplen el estándar y se omitieron',
  ENTE_FILTER_UNSUPPORTED: 'no admite uno de los filtros de esta búsqueda',
  ENTE_MALFORMED_RESPONSE: 'envió una respuesta ilegible',
  ENTE_RESPONSE_TOO_LARGE: 'envió una respuesta demasiado grande',
  ENTE_AUTH_FAILED: 'no aceptó las credenciales del SEE',
  ENTE_UNREACHABLE: 'no se pudo contactar',
  ENTE_BAD_SHAPE: 'envió datos que no siguen el estándar',
  ENTE_REJECTED_QUERY: 'rechazó la consulta'
}

export function reasonOf (code: string): string {
  return REASONS[code] ?? `falló (${code})`
}

export interface EnteStatus {
  answered: CoveredEnte[]
  failed: Array<CoveredEnte & { code: string, reason: string }>
  maintenance: CoveredEnte[]
}

/** Which entes of the system answered, which were left out and why, which are in maintenance. */
export function enteStatus (entes: readonly CoveredEnte[], failed: ReadonlyArray<{ ente: string, code: string }>): EnteStatus {
  const failures = new Map(failed.map(f => [f.ente, f.code]))
  const status: EnteStatus = { answered: [], failed: [], maintenance: [] }
  for (const ente of entes) {
    const code = failures.get(ente.clave)
    if (code !== undefined) status.failed.push({ ...ente, code, reason: reasonOf(code) })
    else if (ente.stage === 'produccion') status.answered.push(ente)
    else if (ente.stage === 'mantenimiento') status.maintenance.push(ente)
  }
  // An ente named by the answer but not (yet) in the coverage read a moment ago.
  for (const [clave, code] of failures) {
    if (!entes.some(ente => ente.clave === clave)) status.failed.push({ clave, nombre: clave, stage: 'produccion', code, reason: reasonOf(code) })
  }
  return status
}
