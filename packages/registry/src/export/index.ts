export { pdnProviders, type PdnExportOptions } from './pdn-providers.js'
export { registryCoverage } from './coverage.js'
