/**
 * Process warnings during a run: each kind printed once when it first happens and counted after
 * that, so a warning repeated on every request does not bury the tables.
 */
export function collectWarnings (print: (line: string) => void): { summary: () => string[] } {
  const counts = new Map<string, number>()
  process.removeAllListeners('warning')
  process.on('warning', (warning) => {
    const kind = `${warning.name}: ${warning.message}`
    const seen = counts.get(kind) ?? 0
    counts.set(kind, seen + 1)
    if (seen === 0) print(`  (process warning, later ones only counted) ${kind}`)
  })
  return {
    summary: () => [...counts].map(([kind, n]) => `${n} × ${kind}`)
  }
}
