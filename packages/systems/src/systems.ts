import type { SystemId, SystemProfile } from './profile.js'
import { s1 } from './profiles/s1.js'
import { s2 } from './profiles/s2.js'
import { s3p } from './profiles/s3p.js'
import { s3s } from './profiles/s3s.js'
import { s4 } from './profiles/s4.js'
import { s5 } from './profiles/s5.js'
import { s6 } from './profiles/s6.js'

/** Every system by id, for the process that serves one (`services/sN`). */
export const profiles = { s1, s2, s3s, s3p, s4, s5, s6 } as const satisfies Record<SystemId, SystemProfile>

/** Every system of the law, in the PDN's order: the one list every other part reads. */
export const SYSTEMS: readonly SystemProfile[] = Object.values(profiles)

export const SYSTEM_IDS: readonly SystemId[] = SYSTEMS.map(system => system.id)

const byId = new Map<string, SystemProfile>(SYSTEMS.map(system => [system.id, system]))

export function isSystemId (value: string): value is SystemId {
  return byId.has(value)
}

/** The profile of a system; throws for an id that is not one (a programming error). */
export function systemById (id: string): SystemProfile {
  const profile = byId.get(id)
  if (profile === undefined) throw new RangeError(`unknown system ${JSON.stringify(id)}`)
  return profile
}

/** The system whose read scope this is. */
export function systemOfScope (scope: string): SystemProfile | undefined {
  return SYSTEMS.find(system => system.scope === scope)
}
