import { runSystemService } from '@see/service-core'
import { profiles } from '@see/systems'

// The s4 service's process: everything it does is the service core's, read from the s4 profile.
await runSystemService(profiles.s4)
