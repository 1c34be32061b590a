import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

/** An embedded PostgreSQL (PGlite, in WebAssembly) answering the wire protocol on 127.0.0.1. */
export interface EmbeddedPostgres {
  host: string
  port: number
  stop: () => Promise<void>
}

// PGlite is one single-user backend. The socket server multiplexes connections over it, so every
// connection shares session state (search_path, advisory locks, the open transaction). The pool in
// front of it therefore keeps ONE connection; the server accepts a few more only because pg's pool
// replaces a connection after a failed query before the server has seen the old one close.
const SERVER_MAX_CONNECTIONS = 4

/**
 * Starts PGlite in memory or in `dataDir`, listening on a random port of 127.0.0.1. In memory, a
 * `template` (a data directory saved by PGlite's `dumpDataDir`) is loaded instead of running
 * initdb, which is most of PGlite's start-up time.
 */
export async function startEmbeddedPostgres (dataDir?: string, template?: Blob): Promise<EmbeddedPostgres> {
  const db = dataDir === undefined && template !== undefined
    ? await PGlite.create({ loadDataDir: template })
    : await PGlite.create(dataDir ?? 'memory://')
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: SERVER_MAX_CONNECTIONS })
  try {
    await server.start()
  } catch (err) {
    await db.close()
    throw err
  }
  const [host = '127.0.0.1', port = ''] = server.getServerConn().split(':')
  return {
    host,
    port: Number(port),
    stop: async () => {
      await server.stop()
      await db.close()
    }
  }
}
