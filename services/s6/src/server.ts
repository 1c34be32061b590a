import { runSystemService } from '@see/service-core'
import { profiles } from '@see/systems'

// The s6 service's process: everything it does is the service core's, read from the s6 profile.
await runSystemService(profiles.s6)
