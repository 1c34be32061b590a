import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['**/node_modules/**', '**/dist/**', 'openapi/types/*.generated.ts', 'coverage/**'] }),
  {
    // Test support (`@see/<package>/testing`: in-memory stores, cheap hashing, testcontainers, which
    // is only a development dependency) never reaches production code.
    files: ['**/src/**/*.ts', 'infra/**/*.ts', 'infra/**/*.mjs'],
    ignores: ['**/src/testing.ts', '**/src/pglite-template.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@see/*/testing'], message: 'Test support only: production code must not import it.' },
          { group: ['testcontainers'], message: 'A development dependency: only test support may load it.' }
        ]
      }]
    }
  }
]
