import type { SystemProfile } from '@see/systems'
import { pageOf } from '../lib/bodies.js'
import { ENTE_LATENCY, withFederation } from '../lib/federation.js'
import { formatRow, measure } from '../lib/measure.js'
import type { EnteInfo } from '../lib/host/protocol.js'
import type { BenchContext, SystemScenario } from '../lib/scenario.js'
import { searchLoad, searchUrl, warmUp } from '../lib/search.js'
import { HeaderTally, percent } from '../lib/tally.js'

const ENTES = 20
const CONNECTIONS = 10
const PAGE_1 = pageOf(1)
const DEADLINES: Array<number | undefined> = [undefined, 1000]

/** `SCLC=ENTE_TIMEOUT,...` → the codes given for `clave`, counted. */
function codesFor (tally: HeaderTally, clave: string): string {
  const codes = new Map<string, number>()
  for (const [value, n] of tally.counts) {
    for (const part of value.split(',')) {
      const [ente, code] = part.split('=')
      if (ente === clave) codes.set(code ?? '?', (codes.get(code ?? '?') ?? 0) + n)
    }
  }
  return [...codes].map(([code, n]) => `${code} ${n}`).join(', ')
}

function completeness (tally: HeaderTally, hung: EnteInfo): string {
  const naming = tally.count(value => value.split(',').some(part => part.startsWith(`${hung.clave}=`)))
  const others = tally.count(value => value !== '(none)' && value.split(',').some(part => !part.startsWith(`${hung.clave}=`)))
  return `x-see-incomplete names ${hung.clave} in ${percent(naming, tally.total)} (${codesFor(tally, hung.clave)}); names another ente in ${others}`
}

async function measureHang (deadlineMs: number | undefined, system: SystemProfile, context: BenchContext): Promise<void> {
  const settings = { pageCache: false, ...(deadlineMs !== undefined && { deadlineMs }) }
  // Counts uncached too, so every request asks every ente, the hung one included (the worst case).
  await withFederation(context, { entes: ENTES, size: 100, ...ENTE_LATENCY, systems: [system.id], settings, cacheTtls: { countTtlMs: 0 } }, async (federation) => {
    const token = await federation.token()
    const url = searchUrl(federation.gatewayUrl, system)
    await warmUp(url, token, PAGE_1)
    const hung = federation.entes[ENTES - 1]!
    await federation.setFault(ENTES - 1, 'hang')
    const incomplete = new HeaderTally('x-see-incomplete')
    const figures = await measure(searchLoad({ url, token, body: PAGE_1, connections: CONNECTIONS, durationSeconds: context.durationSeconds, onResponse: incomplete.record }))
    await federation.setFault(ENTES - 1, 'none')
    context.print(formatRow(`deadline ${deadlineMs ?? 3500} ms${deadlineMs === undefined ? ' (default)' : ''} c=${CONNECTIONS}`, figures, `max ${figures.max} ms`))
    context.print(`  ${completeness(incomplete, hung)}`)
  })
}

export const hungEnte: SystemScenario = {
  kind: 'system',
  name: 'hung-ente',
  title: `4. One of ${ENTES} entes hanging (the last one), page 1, page cache and count cache off`,
  async run (context, system) {
    for (const deadlineMs of DEADLINES) await measureHang(deadlineMs, system, context)
  }
}
