import { readFileSync } from 'node:fs'

// Peak resident memory of a process while a load runs: /proc/<pid>/status (Linux), sampled. Where
// /proc is absent the figure is reported as unknown rather than guessed.

function residentBytes (pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}

/** Samples the process's RSS every `everyMs` until `stop()`, which answers the peak (undefined when unknown). */
export function sampleRss (pid: number | undefined, everyMs = 100): { stop: () => number | undefined } {
  let peak: number | undefined
  const sample = (): void => {
    const bytes = pid === undefined ? undefined : residentBytes(pid)
    if (bytes !== undefined) peak = Math.max(peak ?? 0, bytes)
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    stop () {
      clearInterval(timer)
      sample()
      return peak
    }
  }
}

export function mebibytes (bytes: number | undefined): string {
  return bytes === undefined ? '?' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`
}
