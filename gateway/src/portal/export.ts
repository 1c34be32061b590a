import { stringify } from 'csv-stringify/sync'
import type { FederationAnswer, PortalSearch } from './public-client.js'

/** Most records one export carries: pages of 200 asked in turn, so an export costs at most 5 searches. */
export const EXPORT_MAX_RECORDS = 1_000
const EXPORT_PAGE_SIZE = 200

export interface ExportResult {
  records: Array<Record<string, unknown>>
  totalRows: number
  /** Entes left out of any of the pages asked. */
  failed: Array<{ ente: string, code: string }>
  /** More records match than an export carries. */
  truncated: boolean
}

/**
 * The records of a search from its first, up to EXPORT_MAX_RECORDS, in the search's order. A page
 * the federation refuses ends the export with its answer.
 */
export async function collectExport (search: PortalSearch, fetchPage: (search: PortalSearch) => Promise<FederationAnswer>): Promise<ExportResult | Extract<FederationAnswer, { ok: false }>> {
  const records: Array<Record<string, unknown>> = []
  const failed = new Map<string, string>()
  let totalRows = 0
  for (let page = 1; records.length < EXPORT_MAX_RECORDS; page++) {
    const answer = await fetchPage({ ...search, page, pageSize: EXPORT_PAGE_SIZE })
    if (!answer.ok) return answer
    records.push(...answer.results)
    totalRows = answer.pagination.totalRows
    for (const f of answer.failed) failed.set(f.ente, f.code)
    if (!answer.pagination.hasNextPage || answer.results.length === 0) break
  }
  return {
    records: records.slice(0, EXPORT_MAX_RECORDS),
    totalRows,
    failed: [...failed].map(([ente, code]) => ({ ente, code })),
    truncated: totalRows > EXPORT_MAX_RECORDS
  }
}

/** A record's leaves by dotted path; the items of an array share their paths, values joined by "; ". */
function leaves (value: unknown, prefix: string, into: Map<string, string[]>): void {
  if (value === null || value === undefined) return
  if (Array.isArray(value)) {
    for (const item of value) leaves(item, prefix, into)
    return
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) leaves(item, prefix === '' ? key : `${prefix}.${key}`, into)
    return
  }
  into.set(prefix, [...(into.get(prefix) ?? []), String(value)])
}

/**
 * The records as CSV (RFC 4180, UTF-8 with BOM so spreadsheets read accents): one column per
 * field path, in the order first met. Cells that a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@`, tab, CR) are prefixed with `'`: ente values are untrusted.
 */
export function recordsCsv (records: ReadonlyArray<Record<string, unknown>>): string {
  const rows = records.map(record => {
    const into = new Map<string, string[]>()
    leaves(record, '', into)
    return into
  })
  const columns = [...new Set(rows.flatMap(row => [...row.keys()]))]
  const body = rows.map(row => columns.map(column => row.get(column)?.join('; ') ?? ''))
  return `\uFEFF${stringify([columns, ...body], { escape_formulas: true, record_delimiter: 'windows' })}`
}
