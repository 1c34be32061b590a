import { request } from 'undici'
import { pageOf } from '../lib/bodies.js'
import { ENTE_LATENCY, withFederation } from '../lib/federation.js'
import { formatRow, measure } from '../lib/measure.js'
import { mebibytes, sampleRss } from '../lib/rss.js'
import type { SystemScenario } from '../lib/scenario.js'
import { searchLoad, searchUrl, warmUp, warmUpLoad } from '../lib/search.js'

// The PDN's bulk download of one system: pages of 200 records, several at once, counts cached and
// the page cache off (every page asks the entes). With S1's large declarations the questions are
// bytes and memory per page, beside throughput: run `pnpm bench --system s1,s2 --only bulk` to see
// S1 beside S2.

const ENTES = 5
const SIZE = 1000
const CONNECTIONS = [1, 10]
/** A page in the middle of the federation's order, spanning two entes. */
const PAGE = pageOf(6, 200)

export const bulk: SystemScenario = {
  kind: 'system',
  name: 'bulk',
  title: `9. Bulk crawl: pageSize 200 (page ${PAGE.page}), ${ENTES} entes × ${SIZE} records at 10 ± 2 ms, counts cached, page cache off — throughput, latency, bytes per page, peak RSS of the gateway and service`,
  async run (context, system) {
    // On a loaded machine an ente's seeding test may run out of time: it is tested again, alone.
    await withFederation(context, { entes: ENTES, size: SIZE, ...ENTE_LATENCY, systems: [system.id], settings: { pageCache: false }, retryFailedSeeds: true }, async (federation) => {
      const token = await federation.token()
      const url = searchUrl(federation.gatewayUrl, system)
      await warmUp(url, token, PAGE)
      const one = await request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(PAGE) })
      const text = await one.body.text()
      const bytes = Buffer.byteLength(text)
      const { pagination, results } = JSON.parse(text) as { pagination: { totalRows: number }, results: unknown[] }
      // Entes left out at seeding (a loaded machine) would make every figure below a lie.
      if (pagination.totalRows !== ENTES * SIZE || results.length !== PAGE.pageSize) throw new Error(`the page holds ${results.length} of ${pagination.totalRows} records; expected ${PAGE.pageSize} of ${ENTES * SIZE}`)
      await warmUpLoad(searchLoad({ url, token, body: PAGE, connections: 1, durationSeconds: 1 }))
      for (const connections of CONNECTIONS) {
        const rss = sampleRss(context.host.pid)
        const figures = await measure(searchLoad({ url, token, body: PAGE, connections, durationSeconds: context.durationSeconds }))
        const peak = rss.stop()
        const perSecond = (figures.requestsPerSecond * bytes / 1024 / 1024).toFixed(1)
        context.print(formatRow(`pageSize 200 c=${connections}`, figures, `${(bytes / 1024).toFixed(0)} KiB/page (${(bytes / 200).toFixed(0)} B/record), ${perSecond} MiB/s, peak RSS ${mebibytes(peak)}`))
      }
    })
  }
}
