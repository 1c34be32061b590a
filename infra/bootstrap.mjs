#!/usr/bin/env node
// Lets a fresh clone run with only Node and npm: `npm start` / `npm test` install the pinned pnpm
// and the locked dependencies on first use, then run the real command. Plain JS: nothing is
// installed yet when this runs.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]

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

function pnpm (args) {
  const local = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (local.status === 0 && local.stdout.trim() === pnpmVersion) return run('pnpm', args)
  return run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args])
}

if (!installed()) {
  console.log(`Instalando dependencias (pnpm ${pnpmVersion}, versiones fijadas en pnpm-lock.yaml)…`)
  const status = pnpm(['install', '--frozen-lockfile'])
  if (status !== 0) process.exit(status)
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
