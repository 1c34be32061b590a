import type { SearchBatchResponse, SearchOutcome } from '@see/openapi/types'
import { federatedId } from '@see/sesna'

export const LINES_CONTENT_TYPE = 'application/x-ndjson'

/**
 * A batch's answer as lines (`recordsAs: lines`): the outcomes without their records first, then
 * every record on a line of its own, with its federated id. The records were normalized to the
 * standard's schema (unknown fields removed), so the gateway splices these lines into its answer
 * as they are, without reading them again. JSON text never holds a raw line break: a line is
 * always one record.
 */
export function batchLines (outcomes: SearchOutcome[]): string {
  const head: SearchBatchResponse = { outcomes: outcomes.map(({ results, ...outcome }) => ({ ...outcome, lines: results?.length ?? 0 })) }
  const lines = [JSON.stringify(head)]
  for (const outcome of outcomes) {
    for (const record of outcome.results ?? []) lines.push(JSON.stringify({ ...record, id: federatedId(outcome.ente, String(record.id)) }))
  }
  return lines.join('\n')
}
