export { startFederation, type FederationOptions, type RunningFederation } from './federation.js'
export { ensureDemoAccess, type DemoCredentials } from './demo-access.js'
export { passwordGrant } from './token.js'
