import type { SearchBatchRequest, SearchBatchResponse, SearchOutcome } from '@see/openapi/types'
import { federatedId } from '@see/sesna'
import { PRIVATE_REMOVED_MARK, publicVersion, sortKeysOf, type AnyRecord, type Sort, type SystemProfile } from '@see/systems'

export const LINES_CONTENT_TYPE = 'application/x-ndjson'

type BatchItem = SearchBatchRequest['requests'][number]

/** The head line's outcome: no records, their count, and for a sorted request what each record sorts by. */
function headOf (system: SystemProfile, item: BatchItem, { results = [], ...outcome }: SearchOutcome): SearchOutcome {
  const sort = item.request.sort as Sort | undefined
  const sorted = sort !== undefined && Object.keys(sort).length > 0
  return { ...outcome, lines: results.length, ...(sorted && { sortKeys: results.map(record => sortKeysOf(system, sort, record)) }) }
}

/**
 * One record's line, with its federated id. For a public answer (`privateFields` given) those
 * fields are left out and the line marked, so the gateway can name the ente that sent them.
 */
function lineOf (ente: string, record: AnyRecord, privateFields: readonly string[] | undefined): string {
  const id = federatedId(ente, String(record.id))
  if (privateFields === undefined) return JSON.stringify({ ...record, id })
  const { record: shown, removed } = publicVersion(record, privateFields)
  return (removed ? PRIVATE_REMOVED_MARK : '') + JSON.stringify({ ...shown, id })
}

/**
 * A batch's answer as lines (`recordsAs: lines`): the outcomes without their records first, then
 * every record on a line of its own, with its federated id. The records were normalized to the
 * standard's schema (unknown fields removed) and, for a public answer, stripped of private
 * fields, so the gateway splices these lines into its answer as they are, without reading them
 * again; for sorted requests the head carries each record's sort keys, which is all the gateway's
 * merge reads. JSON text never holds a raw line break: a line is always one record.
 */
export function batchLines (system: SystemProfile, batch: SearchBatchRequest, outcomes: readonly SearchOutcome[]): string {
  const head: SearchBatchResponse = { outcomes: outcomes.map((outcome, i) => headOf(system, batch.requests[i]!, outcome)) }
  const lines = [JSON.stringify(head)]
  for (const outcome of outcomes) {
    for (const record of outcome.results ?? []) lines.push(lineOf(outcome.ente, record, batch.privateFields))
  }
  return lines.join('\n')
}
