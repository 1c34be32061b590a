import { setTimeout as sleep } from 'node:timers/promises'
import type { BenchFederation } from './federation.js'
import type { Figures } from './measure.js'

/**
 * Data calls once the requests still in flight when the load stopped have made theirs: the
 * gateway finishes them after the client hangs up. Waits until the count stops moving.
 */
export async function settledDataCalls (federation: BenchFederation, maxWaitMs = 5000): Promise<number> {
  let last = await federation.dataCalls()
  for (let waited = 0; waited < maxWaitMs; waited += 200) {
    await sleep(200)
    const now = await federation.dataCalls()
    if (now === last) return now
    last = now
  }
  return last
}

/**
 * Upstream calls per request, as printed in the tables. Divided by the requests sent, not those
 * answered: requests still in flight when the load stopped have called the entes too.
 */
export function callsPerRequest (calls: number, figures: Figures): string {
  return `upstream ${figures.sent === 0 ? '-' : (calls / figures.sent).toFixed(2)}/req`
}
