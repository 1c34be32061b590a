import { runSystemService } from '@see/service-core'
import { profiles } from '@see/systems'

// The s3s service's process: everything it does is the service core's, read from the s3s profile.
await runSystemService(profiles.s3s)
