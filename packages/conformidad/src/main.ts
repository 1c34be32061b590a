import { runConnectionTest } from '@see/service-core/connection-test'
import type { RegistryEntry } from '@see/registry'
import { parseInvocation, usage, UsageError, type Invocation } from './args.js'
import { authOf, type Terminal } from './credentials.js'
import { header, humanSummary, jsonReport, progressLine } from './report.js'

export const EXIT = { passed: 0, failed: 1, usage: 2 } as const

export interface Io extends Terminal {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** Pages a `--crawl` walks at most (2 million records at pageSize 200). */
const CRAWL_PAGES = 10_000

/** The ente as the connection test takes it: the registry's entry shape, never stored anywhere. */
function entryOf (invocation: Invocation, auth: RegistryEntry['connection']['auth']): RegistryEntry {
  const third = Math.max(100, Math.floor(invocation.timeoutMs / 3))
  return {
    clave: 'ENTE',
    nombre: 'Ente bajo prueba',
    system: invocation.system.id,
    stage: 'pruebas',
    configVersion: 0,
    connection: {
      protocol: invocation.protocol,
      baseUrl: invocation.url,
      ...(invocation.tokenUrl !== undefined && { tokenUrl: invocation.tokenUrl }),
      auth,
      maxConnections: 8,
      timeouts: { connectMs: third, headersMs: invocation.timeoutMs, bodyMs: invocation.timeoutMs }
    }
  }
}

/**
 * `see-conformidad <sistema> --url …`: the registry's connection test, run by the ente against its
 * own API (no database, no SEE). Returns the exit code: 0 only when every check passed.
 */
export async function main (argv: string[], io: Io): Promise<number> {
  let invocation: Invocation | 'help'
  let auth
  try {
    invocation = parseInvocation(argv)
    if (invocation === 'help') {
      io.stdout.write(usage())
      return EXIT.passed
    }
    auth = await authOf(invocation, io)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr.write(`${err.message}\n`)
    return EXIT.usage
  }
  const facts = { system: invocation.system, url: invocation.url, protocol: invocation.protocol, startedAt: new Date().toISOString() }
  const human = !invocation.json
  if (human) io.stdout.write(header(facts))
  const report = await runConnectionTest(invocation.system, entryOf(invocation, auth), {
    requestId: `see-conformidad-${Date.now()}`,
    budgetMs: invocation.crawl ? 30 * 60_000 : 5 * 60_000,
    callTimeoutMs: invocation.timeoutMs,
    ...(invocation.crawl && { crawlPages: CRAWL_PAGES }),
    ...(human && { onCheck: check => { io.stdout.write(progressLine(check)) } })
  })
  io.stdout.write(human ? humanSummary(report) : `${JSON.stringify(jsonReport(report, facts), null, 2)}\n`)
  return report.passed ? EXIT.passed : EXIT.failed
}
