export { directoryFromDatabase, sandboxDirectory, type DatabaseDirectory, type DatabaseDirectoryOptions } from './database-directory.js'
export type { RegistryEntry } from './entry.js'
