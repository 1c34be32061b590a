// Test support for packages that mount the OAuth2 server (the gateway): an in-memory store.
// Never used in production code: the platform's store is `postgresAuthStore`.
export { memoryAuthStore, type MemoryAuthStore } from './store/memory.js'
