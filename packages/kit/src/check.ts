/**
 * What a configuration check found (`see-gateway check`, `see-service <sistema> check`): errors
 * stop the process from starting; warnings are settings that start but do not suit production.
 */
export interface CheckReport {
  errors: string[]
  warnings: string[]
  /** What the process would run with, without any secret (a line each). */
  summary: string[]
}

export function emptyReport (): CheckReport {
  return { errors: [], warnings: [], summary: [] }
}

/** Runs one validation; a thrown error becomes a line of the report instead of stopping the check. */
export async function checkStep (report: CheckReport, step: () => unknown): Promise<void> {
  try {
    await step()
  } catch (err) {
    report.errors.push((err as Error).message)
  }
}

/** The report as an operator reads it (Spanish), and the exit code: 1 with any error. */
export function printReport (name: string, report: CheckReport, write: (line: string) => void): number {
  for (const line of report.summary) write(`  ${line}`)
  for (const line of report.warnings) write(`AVISO: ${line}`)
  for (const line of report.errors) write(`ERROR: ${line}`)
  write(report.errors.length === 0
    ? `${name}: la configuración es válida${report.warnings.length > 0 ? ` (${report.warnings.length} aviso(s))` : ''}.`
    : `${name}: la configuración tiene ${report.errors.length} error(es); el proceso no iniciaría.`)
  return report.errors.length === 0 ? 0 : 1
}
