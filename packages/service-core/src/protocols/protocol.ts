import type { EnteSearchRequest } from '@see/openapi/types'
import type { EnteEntry } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import type { CallContext, EnteClient } from '../ente-client/client.js'
import type { NormalizedDependencias, NormalizedPage } from '../normalize.js'

/** One ente, one system, one batch: what every protocol call works with. */
export interface ProtocolCall {
  system: SystemProfile
  client: EnteClient
  entry: EnteEntry
  context: CallContext
}

/** How the platform speaks one generation of provider APIs; both answer in the v1 standard's shape. */
export interface Protocol {
  search: (call: ProtocolCall, request: EnteSearchRequest, options?: { countOnly?: boolean }) => Promise<NormalizedPage>
  dependencias: (call: ProtocolCall) => Promise<NormalizedDependencias>
}
