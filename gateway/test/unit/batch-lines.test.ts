import { describe, expect, it } from 'vitest'
import { BatchLinesError, parseBatchLines } from '../../src/upstream/lines.js'

// A batch answered as lines (`recordsAs: lines`) is cut into each outcome's record texts, which
// the federation splices into its answer without parsing them.

describe('parseBatchLines', () => {
  it('gives each outcome the lines it announced, in order, as the texts the service wrote', () => {
    const head = { outcomes: [{ ente: 'A', ok: true, latencyMs: 3, totalRows: 2, lines: 2 }, { ente: 'B', ok: false, latencyMs: 0, error: { code: 'ENTE_TIMEOUT', message: 'x' }, lines: 0 }, { ente: 'C', ok: true, latencyMs: 1, totalRows: 9, lines: 1 }] }
    const records = ['{"id":"A:1","nombres":"Ana\\nLuisa"}', '{"id":"A:2"}', '{"id":"C:7","nombres":"Ñ\u2028"}']
    const body = Buffer.from([JSON.stringify(head), ...records].join('\n'))
    const outcomes = parseBatchLines(body)
    expect(outcomes).toEqual([
      { ente: 'A', ok: true, latencyMs: 3, totalRows: 2, records: records.slice(0, 2).map(r => Buffer.from(r)) },
      { ente: 'B', ok: false, latencyMs: 0, error: { code: 'ENTE_TIMEOUT', message: 'x' }, records: [] },
      { ente: 'C', ok: true, latencyMs: 1, totalRows: 9, records: [Buffer.from(records[2]!)] }
    ])
    expect(JSON.parse(outcomes[0]!.records[0]!.toString('utf8')).nombres).toBe('Ana\nLuisa')
    // Each line is a copy, not a view of the answer: holding one does not keep the whole answer alive.
    body.fill(0)
    expect(outcomes[2]!.records[0]!.toString('utf8')).toBe(records[2])
  })

  it('reads an answer with no records (a count round) from its single line', () => {
    expect(parseBatchLines(Buffer.from(JSON.stringify({ outcomes: [{ ente: 'A', ok: true, latencyMs: 1, totalRows: 5, lines: 0 }] })))).toEqual([{ ente: 'A', ok: true, latencyMs: 1, totalRows: 5, records: [] }])
  })

  it('refuses an answer whose record lines do not match what the outcomes announce', () => {
    const head = JSON.stringify({ outcomes: [{ ente: 'A', ok: true, latencyMs: 1, lines: 2 }] })
    expect(() => parseBatchLines(Buffer.from(`${head}\n{"id":"A:1"}`))).toThrow(BatchLinesError)
    expect(() => parseBatchLines(Buffer.from(`${head}\n{"id":"A:1"}\n{"id":"A:2"}\n{"id":"A:3"}`))).toThrow(BatchLinesError)
  })
})
