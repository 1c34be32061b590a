// Bundles the command into one file with everything it needs (the workspace's packages and their
// dependencies), so the packed tarball installs from the npm registry alone: `npm i <tarball>`,
// then `npx see-conformidad`. The OpenAPI documents the schemas are read from go beside it, where
// @see/openapi looks for them (`../<file>` from the module).
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = fileURLToPath(new URL('.', import.meta.url))
const workspace = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The workspace's modules run no code on import that another module relies on, so the bundle
 * keeps only what the command reaches through their index files (not the servers, stores and
 * Redis clients those also export).
 */
const workspaceWithoutSideEffects = {
  name: 'workspace-without-side-effects',
  setup (build) {
    build.onResolve({ filter: /^(@see\/|\.)/ }, async args => {
      if (args.pluginData === 'resolving' || args.importer.includes('/node_modules/.pnpm/')) return undefined
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' })
      if (resolved.errors.length > 0) return { errors: resolved.errors }
      const inWorkspace = resolved.path.startsWith(workspace) && !resolved.path.includes('/node_modules/.pnpm/')
      return { path: resolved.path, ...(inWorkspace && { sideEffects: false }) }
    })
  }
}
// Beside `pnpm build`'s output (dist/ is never committed); the tarball carries only these files.
const out = `${here}dist/`
rmSync(`${out}bin`, { recursive: true, force: true })
mkdirSync(`${out}bin`, { recursive: true })
await build({
  entryPoints: [`${here}src/cli.ts`],
  outfile: `${out}bin/see-conformidad.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // CommonJS dependencies bundled into an ES module still call require() for Node's own modules.
  banner: { js: "import { createRequire as __seeCreateRequire } from 'node:module'; const require = __seeCreateRequire(import.meta.url);" },
  // Native or optional drivers no code path of the command reaches.
  external: ['pg-native', 'cpu-features'],
  plugins: [workspaceWithoutSideEffects],
  legalComments: 'none',
  logLevel: 'error'
})
// Every contract of the folder: the public one composes the standards' own documents (S4, S5, ...).
for (const file of readdirSync(`${here}../../openapi/`).filter(name => name.endsWith('.openapi.json'))) {
  copyFileSync(`${here}../../openapi/${file}`, `${out}${file}`)
}
// The published standards' own schemas the records are validated against (S6: OCDS 1.1.5 releases).
rmSync(`${out}ocds`, { recursive: true, force: true })
mkdirSync(`${out}ocds`, { recursive: true })
for (const file of readdirSync(`${here}../../openapi/ocds/`)) copyFileSync(`${here}../../openapi/ocds/${file}`, `${out}ocds/${file}`)
