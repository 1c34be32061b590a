import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'

// Test support. initdb is most of PGlite's start-up time (seconds of CPU), and every test file
// starts PGlite afresh; its result depends only on the PGlite release. So it runs once per release
// on this machine: the fresh data directory is kept in node_modules/.cache and each test database
// starts from a copy of it (about a third of the time).

function pgliteVersion (): string {
  // The package exports no package.json; it sits one level above the entry point (dist/).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  return (createRequire(entry)('../package.json') as { version: string }).version
}

/** Where the fresh data directory of this PGlite release is kept. */
export function pgliteTemplateFile (): string {
  return join(fileURLToPath(new URL('../node_modules/.cache/', import.meta.url)), `pglite-${pgliteVersion()}-initdb.tar`)
}

async function runInitdb (file: string): Promise<Blob> {
  const db = await PGlite.create('memory://')
  let tarball: Blob
  try {
    tarball = await db.dumpDataDir('none')
  } finally {
    await db.close()
  }
  // Written aside and renamed: a test file starting meanwhile reads the whole file or none.
  await mkdir(dirname(file), { recursive: true })
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`
  try {
    await writeFile(partial, Buffer.from(await tarball.arrayBuffer()))
    await rename(partial, file)
  } catch {
    await rm(partial, { force: true })
  }
  return tarball
}

let template: Promise<Blob> | undefined

/** A fresh PGlite data directory (what initdb leaves), to start in-memory test databases from. */
export async function pristinePglite (): Promise<Blob> {
  template ??= (async () => {
    const file = pgliteTemplateFile()
    try {
      return new Blob([await readFile(file)])
    } catch {
      return await runInitdb(file)
    }
  })()
  return await template
}
