export { directoryFromDatabase, sandboxDirectory, type DatabaseDirectory, type DatabaseDirectoryOptions } from './database-directory.js'
export { PRODUCTION_STAGES, SANDBOX_STAGES, servesSandbox } from './stages.js'
export { registryDirectories, type RegistryDirectories, type RegistryDirectoriesOptions } from './registry-directories.js'
export type { RegistryEntry } from './entry.js'
