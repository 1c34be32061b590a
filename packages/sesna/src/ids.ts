// Records are published with ids unique across the state: the ente's clave, a colon, and the
// ente's own id. Claves never contain a colon, so the first colon splits them.

const SEPARATOR = ':'

export function federatedId (enteKey: string, localId: string): string {
  return `${enteKey}${SEPARATOR}${localId}`
}

/** Splits a federated id, or returns undefined when it has no ente prefix. */
export function parseFederatedId (id: string): { ente: string, localId: string } | undefined {
  const at = id.indexOf(SEPARATOR)
  if (at <= 0 || at === id.length - 1) return undefined
  return { ente: id.slice(0, at), localId: id.slice(at + 1) }
}
