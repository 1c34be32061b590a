/** An OpenAPI 3.0 document, as far as this project reads it. */
export interface OpenApiDocument {
  openapi: string
  info: Record<string, unknown>
  paths: Record<string, unknown>
  components: { schemas: Record<string, Record<string, unknown>>, [key: string]: unknown }
  [key: string]: unknown
}

/** Calls `visit` on every object of a JSON tree (parents before children). */
export function walkObjects (node: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walkObjects(item, visit)
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Record<string, unknown>)
    for (const value of Object.values(node)) walkObjects(value, visit)
  }
}

/** JSON with keys sorted at every level: equal texts mean equal values. */
export function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
