// The production build: every workspace package's `src/**/*.ts` compiled to `dist/**/*.js` by the
// TypeScript compiler, which production runs with plain `node` (tsx stays for development and tests).
//
// Each file is compiled on its own (`transpileModule`): `verbatimModuleSyntax` in tsconfig.base.json
// is what makes that exact, since every type-only import is written `import type` and simply erased.
// The types are checked once for the whole workspace by `pnpm typecheck` (`pnpm build` runs both),
// so no package needs a tsconfig or a list of references of its own: a package added to the
// workspace (a new system's service) is built because it is there.
//
// Packages resolve to the output through the `see-dist` export condition (see infra/compiled/).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Files that never run in production: test support (development dependencies) and declarations. */
const SKIPPED = [/\.d\.ts$/, /(^|\/)testing\.ts$/, /\.test\.ts$/]

/** The workspace's package directories, from pnpm-workspace.yaml's `packages` globs (`dir` or `dir/*`). */
export function workspacePackages (root = ROOT) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const block = yaml.split(/^packages:\s*$/m)[1] ?? ''
  const globs = []
  for (const line of block.split('\n').slice(1)) {
    const match = /^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/.exec(line)
    if (match === null) break
    globs.push(match[1])
  }
  const dirs = globs.flatMap(glob => {
    if (!glob.endsWith('/*')) return [glob]
    const parent = join(root, glob.slice(0, -2))
    return existsSync(parent) ? readdirSync(parent).map(name => `${glob.slice(0, -2)}/${name}`) : []
  })
  return dirs.filter(dir => existsSync(join(root, dir, 'package.json')) && existsSync(join(root, dir, 'src')))
}

function sourceFiles (dir) {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !SKIPPED.some(pattern => pattern.test(path)) ? [path] : []
  })
}

function compilerOptions (root) {
  const file = join(root, 'tsconfig.base.json')
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile)
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root)
  // Every package is an ES module (`"type": "module"`), which NodeNext cannot tell one file alone.
  return { ...options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: false, sourceMap: true, declaration: false }
}

/**
 * A package whose `exports` lacks the `see-dist` condition would be loaded from its TypeScript
 * source in production and fail there: the build stops first, saying what to write.
 */
function checkExports (root, dir) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
  const main = manifest.exports?.['.']
  if (main === undefined || main?.['see-dist'] === './dist/index.js') return
  throw new Error(`${dir}/package.json: escriba "exports": { ".": { "see-dist": "./dist/index.js", "default": "./src/index.ts" } } para que producción cargue lo compilado.`)
}

/** Compiles every package; returns how many files each one got. */
export function build (root = ROOT) {
  const options = compilerOptions(root)
  const built = {}
  for (const dir of workspacePackages(root)) {
    checkExports(root, dir)
    const src = join(root, dir, 'src')
    const dist = join(root, dir, 'dist')
    rmSync(dist, { recursive: true, force: true })
    const files = sourceFiles(src)
    for (const file of files) {
      const out = join(dist, relative(src, file)).replace(/\.ts$/, '.js')
      const result = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true })
      const problems = (result.diagnostics ?? []).filter(d => d.category === ts.DiagnosticCategory.Error)
      if (problems.length > 0) {
        throw new Error(`${relative(root, file)}: ${problems.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`)
      }
      mkdirSync(dirname(out), { recursive: true })
      writeFileSync(out, result.outputText.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${out.split('/').pop()}.map`))
      if (result.sourceMapText !== undefined) writeFileSync(`${out}.map`, result.sourceMapText)
    }
    built[dir] = files.length
  }
  return built
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = build()
  for (const [dir, count] of Object.entries(built)) process.stdout.write(`${dir}: ${count} archivos compilados en ${dir}/dist\n`)
}
