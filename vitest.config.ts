import { defineConfig } from 'vitest/config'

// Unit tests touch no network beyond in-process code; integration tests start real HTTP servers on
// 127.0.0.1 (simulated entes, services, gateway) and use PostgreSQL/Redis when those are reachable.
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/test/unit/**/*.test.ts'],
          exclude: ['**/node_modules/**']
        }
      },
      {
        test: {
          name: 'integration',
          include: ['**/test/integration/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      }
    ]
  }
})
