import { runSystemService } from '@see/service-core'
import { profiles } from '@see/systems'

// The s1 service's process: everything it does is the service core's, read from the s1 profile.
await runSystemService(profiles.s1)
