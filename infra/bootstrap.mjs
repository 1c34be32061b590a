#!/usr/bin/env node
// Lets a fresh clone run with only Node and npm: `npm start` / `npm test` install the pinned pnpm
// and the locked dependencies on first use, then run the real command. Plain JS: nothing is
// installed yet when this runs. A pnpm of another version on the PATH (or none) is never used:
// the pinned one runs through npx, which keeps it in npm's cache.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const pnpmVersion = manifest.packageManager.split('@')[1]

// The oldest Node this runs on (engines.node is `>=20.19.0`): said plainly rather than as a
// syntax error deep in a dependency.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`El SEE necesita Node.js ${manifest.engines.node.replace('>=', '')} o posterior (20.19+, 22 o 24); este es ${process.versions.node}. Instale una versión vigente desde https://nodejs.org y vuelva a intentarlo.`)
  process.exit(1)
}

function run (command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.error) throw result.error
  return result.status ?? 1
}

// node_modules is current when it was installed from this exact lock file.
const marker = join(root, 'node_modules', '.see-installed-lock')
const lockHash = createHash('sha256').update(readFileSync(join(root, 'pnpm-lock.yaml'))).digest('hex')

function installed () {
  return existsSync(marker) && readFileSync(marker, 'utf8') === lockHash
}

/** The pnpm on the PATH when it is exactly the pinned version (a Corepack shim may fetch it: no prompt). */
function pinnedPnpmOnPath () {
  const local = spawnSync('pnpm', ['--version'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' },
    shell: process.platform === 'win32'
  })
  return local.status === 0 && local.stdout.trim() === pnpmVersion
}

function pnpm (args) {
  if (pinnedPnpmOnPath()) return run('pnpm', args)
  console.log(`Se usa pnpm ${pnpmVersion} mediante npx (queda en la caché de npm; no se instala nada global).`)
  return run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args])
}

if (!installed()) {
  console.log(`Instalando dependencias (pnpm ${pnpmVersion}, versiones fijadas en pnpm-lock.yaml)…`)
  const status = pnpm(['install', '--frozen-lockfile'])
  if (status !== 0) {
    console.error('No se pudieron instalar las dependencias; revise la conexión a https://registry.npmjs.org y el mensaje anterior de pnpm.')
    process.exit(status)
  }
  writeFileSync(marker, lockHash)
}

const [task, ...rest] = process.argv.slice(2)
const bin = name => join(root, 'node_modules', '.bin', name)
const tasks = {
  start: () => run(bin('tsx'), ['infra/demo/start.ts', ...rest]),
  test: () => run(bin('vitest'), ['run', ...rest])
}
if (!tasks[task]) {
  console.error(`Uso: node infra/bootstrap.mjs <${Object.keys(tasks).join('|')}> [argumentos]`)
  process.exit(2)
}
process.exit(tasks[task]())
