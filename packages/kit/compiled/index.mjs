// Plain JavaScript (never compiled): what the `bin` scripts load before anything else.
import { existsSync } from 'node:fs'
import { register } from 'node:module'
import { fileURLToPath } from 'node:url'

let registered = false

/** From here on, workspace packages resolve to their compiled output (`dist/`, built by `pnpm build`). */
export function useCompiled () {
  if (registered) return
  register('./hook.mjs', import.meta.url)
  process.setSourceMapsEnabled(true)
  registered = true
}

/** Runs a compiled entry point (a file URL), or says to build first when it is missing. */
export async function runCompiled (entry) {
  if (!existsSync(fileURLToPath(entry))) {
    process.stderr.write(`No existe ${fileURLToPath(entry)}: compile primero con «pnpm build».\n`)
    process.exitCode = 1
    return
  }
  useCompiled()
  await import(entry.href)
}
