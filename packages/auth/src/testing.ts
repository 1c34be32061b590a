import { setHashingCost } from './secrets.js'

// Test support for packages that mount the OAuth2 server (the gateway): an in-memory store, and
// cheap secret hashing. Never used in production code: the platform's store is `postgresAuthStore`.
export { memoryAuthStore, type MemoryAuthStore } from './store/memory.js'

/**
 * argon2id at its smallest cost (1 MiB, one pass) instead of the production one, for the secrets
 * tests create and verify by the hundred: the same algorithm and code paths at a small fraction of
 * the CPU. Returns the function that restores the production cost.
 */
export function useCheapSecretHashing (): () => void {
  return setHashingCost({ memoryCost: 1024, timeCost: 1, parallelism: 1 })
}
