import { hadPrivateFields } from '@see/systems'
import type { SearchBatchResponse, SearchOutcome } from '@see/openapi/types'

/**
 * One record as the service wrote it: its JSON text (federated id included) as UTF-8 bytes. The
 * gateway cuts these out of the service's answer and splices them into its own as bytes, never
 * decoding, parsing or encoding them again.
 */
export type RecordLine = Buffer

/** An outcome whose records came as lines, to be spliced as they are. */
export type LinesOutcome = Omit<SearchOutcome, 'results' | 'lines'> & { records: RecordLine[] }

/** The entes, among `[ente, line]` pairs, whose record lines had private fields removed by the service. */
export function entesWithPrivateRemoved (lines: Iterable<readonly [string, RecordLine]>): string[] {
  const entes = new Set<string>()
  for (const [ente, line] of lines) if (hadPrivateFields(line)) entes.add(ente)
  return [...entes]
}

/** A batch answer the service sent as lines is not what the internal contract says. */
export class BatchLinesError extends Error {
  override name = 'BatchLinesError'
}

const NEWLINE = 0x0a

/** The record lines after the head, each copied out, so a line held for later does not keep the whole answer alive. */
function cutLines (body: Buffer, from: number): RecordLine[] {
  const lines: RecordLine[] = []
  let at = from
  while (at < body.length) {
    const end = body.indexOf(NEWLINE, at)
    const stop = end === -1 ? body.length : end
    lines.push(Buffer.from(body.subarray(at, stop)))
    at = stop + 1
  }
  return lines
}

/**
 * Reads a batch answered with `recordsAs: lines`: the outcomes on the first line, then each
 * outcome's records, a line each. The records are only cut apart, never decoded nor parsed (JSON
 * text never holds a raw line break, so a newline byte always ends a record).
 */
export function parseBatchLines (body: Buffer): LinesOutcome[] {
  const end = body.indexOf(NEWLINE)
  const head = JSON.parse(body.toString('utf8', 0, end === -1 ? body.length : end)) as SearchBatchResponse
  const lines = end === -1 ? [] : cutLines(body, end + 1)
  let next = 0
  const outcomes = head.outcomes.map(({ lines: count = 0, results: _ignored, ...outcome }) => {
    const records = lines.slice(next, next + count)
    next += count
    return { ...outcome, records }
  })
  if (next !== lines.length) throw new BatchLinesError(`the service sent ${lines.length} record lines for ${next} announced`)
  return outcomes
}
