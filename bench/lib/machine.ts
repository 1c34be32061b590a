import os from 'node:os'

/** What the figures depend on: the runtime, the cores and how busy they already are. */
export function machineFacts (): string[] {
  const cpus = os.cpus()
  const load = os.loadavg().map(l => l.toFixed(2)).join(' ')
  return [
    `node ${process.version} · ${os.platform()} ${os.arch()} · ${cpus.length} cpus (${cpus[0]?.model.trim() ?? 'unknown'}) · ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `load average ${load} · redis ${process.env.REDIS_URL ? 'REDIS_URL set' : 'not set (in-process cache)'} · database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}`
  ]
}
