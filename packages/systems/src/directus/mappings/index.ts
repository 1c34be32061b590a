import type { SystemProfile } from '../../profile.js'
import type { SystemMapping } from '../mapping.js'
import { S2_MAPPING } from './s2.js'
import { S3P_MAPPING } from './s3p.js'
import { S3S_MAPPING } from './s3s.js'

export { S2_MAPPING, S3S_MAPPING, S3P_MAPPING }

/** Every system a directus-v2 provider can serve, by the id of its profile. */
export const DIRECTUS_V2_MAPPINGS: readonly SystemMapping[] = [S2_MAPPING, S3S_MAPPING, S3P_MAPPING]

/** The mapping of a system, or undefined when no v2 capture tool exists for it. */
export function directusMappingFor (profile: SystemProfile): SystemMapping | undefined {
  return DIRECTUS_V2_MAPPINGS.find(mapping => mapping.system === profile.id)
}
