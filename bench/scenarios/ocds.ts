import { request } from 'undici'
import { profiles } from '@see/systems'
import { ENTE_LATENCY, withFederation } from '../lib/federation.js'
import { formatRow, measure, type Load } from '../lib/measure.js'
import { mebibytes, sampleRss } from '../lib/rss.js'
import type { PlatformScenario } from '../lib/scenario.js'
import { searchUrl, warmUpLoad } from '../lib/search.js'

// S6 contrataciones abiertas: OCDS releases are large records (a whole contracting process at each
// stage). Search pages of 200 releases, a process' record package (every release of an ocid from
// every ente, compiled by the merge rules) and a page of the release packages feed: throughput,
// latency and peak RSS of the federation's process, the page cache off (every answer asks the entes).

const ENTES = 4
const SIZE = 600
const CONNECTIONS = [1, 10]
const system = profiles.s6

export const ocds: PlatformScenario = {
  kind: 'platform',
  name: 'ocds',
  title: `10. S6 OCDS: ${ENTES} entes × ${SIZE} releases at 10 ± 2 ms, page cache off — search pageSize 200, record package by ocid, release package page — throughput, latency, bytes, peak RSS of the gateway and service`,
  async run (context) {
    await withFederation(context, { entes: ENTES, size: SIZE, ...ENTE_LATENCY, systems: [system.id], settings: { pageCache: false }, retryFailedSeeds: true }, async (federation) => {
      const token = await federation.token()
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const search = searchUrl(federation.gatewayUrl, system)
      const page = { page: 3, pageSize: 200 }
      const first = await request(search, { method: 'POST', headers, body: JSON.stringify(page) })
      const answer = JSON.parse(await first.body.text()) as { pagination: { totalRows: number }, results: Array<{ ocid: string }> }
      if (answer.pagination.totalRows !== ENTES * SIZE) throw new Error(`the federation counts ${answer.pagination.totalRows} releases; expected ${ENTES * SIZE}`)
      const ocid = answer.results[0]!.ocid
      const loads: Array<[string, Load]> = [
        ['search pageSize 200', { url: search, headers, body: page, connections: 1, durationSeconds: context.durationSeconds }],
        ['record package by ocid', { url: `${search}/registros/${ocid}`, method: 'GET', headers: { authorization: headers.authorization }, connections: 1, durationSeconds: context.durationSeconds }],
        ['release package page (100, date order)', { url: `${search}/entregas?page=5&pageSize=100`, method: 'GET', headers: { authorization: headers.authorization }, connections: 1, durationSeconds: context.durationSeconds }]
      ]
      for (const [label, load] of loads) {
        const sample = await request(load.url, { method: load.method ?? 'POST', headers: load.headers, ...(load.body !== undefined && { body: JSON.stringify(load.body) }) })
        const bytes = Buffer.byteLength(await sample.body.text())
        if (sample.statusCode !== 200) throw new Error(`${label}: HTTP ${sample.statusCode}`)
        await warmUpLoad(load)
        for (const connections of CONNECTIONS) {
          const rss = sampleRss(context.host.pid)
          const figures = await measure({ ...load, connections })
          const peak = rss.stop()
          context.print(formatRow(`${label} c=${connections}`, figures, `${(bytes / 1024).toFixed(0)} KiB/answer, peak RSS ${mebibytes(peak)}`))
        }
      }
    })
  }
}
