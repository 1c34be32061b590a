import { profiles } from '@see/systems'

/** The system this service answers for. */
export const system = profiles.s6
