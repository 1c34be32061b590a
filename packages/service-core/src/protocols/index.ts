import { EnteCallError } from '../outcome-errors.js'
import type { Protocol, ProtocolCall } from './protocol.js'
import { dependenciasDirectus, searchDirectus } from './directus.js'
import { dependenciasOcdsReleases, searchOcdsReleases } from './ocds-releases.js'
import { dependenciasSesnaV1, searchSesnaV1 } from './sesna-v1.js'

export type { Protocol, ProtocolCall } from './protocol.js'

const PROTOCOLS: Record<string, Protocol> = {
  'sesna-v1': { search: searchSesnaV1, dependencias: dependenciasSesnaV1 },
  'directus-v2': { search: searchDirectus, dependencias: dependenciasDirectus },
  'ocds-releases': { search: searchOcdsReleases, dependencias: dependenciasOcdsReleases }
}

/** The protocol the ente's connection speaks. */
export function protocolOf (call: ProtocolCall): Protocol {
  const protocol = PROTOCOLS[call.entry.connection.protocol]
  if (protocol === undefined) throw new EnteCallError('ENTE_INTERNAL', `(protocolo ${call.entry.connection.protocol} no soportado)`)
  return protocol
}
