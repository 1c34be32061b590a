import { hadPrivateFields } from '@see/systems'
import type { SearchBatchResponse, SearchOutcome } from '@see/openapi/types'

/** An outcome whose records came as lines: each record's JSON text, federated id included, to be spliced as it is. */
export type LinesOutcome = Omit<SearchOutcome, 'results' | 'lines'> & { records: string[] }

/** The entes, among `[ente, line]` pairs, whose record lines had private fields removed by the service. */
export function entesWithPrivateRemoved (lines: Iterable<readonly [string, string]>): string[] {
  const entes = new Set<string>()
  for (const [ente, line] of lines) if (hadPrivateFields(line)) entes.add(ente)
  return [...entes]
}

/** A batch answer the service sent as lines is not what the internal contract says. */
export class BatchLinesError extends Error {
  override name = 'BatchLinesError'
}

/**
 * Reads a batch answered with `recordsAs: lines`: the outcomes on the first line, then each
 * outcome's records, a line each. The records are only cut apart, never parsed.
 */
export function parseBatchLines (text: string): LinesOutcome[] {
  const end = text.indexOf('\n')
  const head = JSON.parse(end === -1 ? text : text.slice(0, end)) as SearchBatchResponse
  const lines = end === -1 ? [] : text.slice(end + 1).split('\n')
  let next = 0
  const outcomes = head.outcomes.map(({ lines: count = 0, results: _ignored, ...outcome }) => {
    const records = lines.slice(next, next + count)
    next += count
    return { ...outcome, records }
  })
  if (next !== lines.length) throw new BatchLinesError(`the service sent ${lines.length} record lines for ${next} announced`)
  return outcomes
}
