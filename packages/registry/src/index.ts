export { directoryFromEntes, type EnteDirectory, type EnteEntry, type SystemId } from './directory.js'
export { directoryFromFile, parseRegistry } from './file.js'
