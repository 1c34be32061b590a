import fp from 'fastify-plugin'
import type { KeyRing } from '@see/kit'
import { QueryAudit, type QueryAuditOptions } from '../audit/query-audit.js'
import type { Queryable } from '../monitor/history.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The audit of queries (migration 014), when the gateway keeps one. */
    queryAudit?: QueryAudit
  }
}

export interface QueryAuditPluginOptions {
  db: Queryable
  /** QUERY_AUDIT_KEY: the key ring whose current key hashes each query. */
  keys: KeyRing
  options?: QueryAuditOptions
}

/** Keeps the audit of queries: rows batched and written off the request path, the rest written on close. */
export default fp<QueryAuditPluginOptions>(async function queryAudit (app, options) {
  const audit = new QueryAudit(options.db, options.keys, app.log, options.options)
  app.decorate('queryAudit', audit)
  app.addHook('onClose', async () => await audit.close())
}, { name: 'see-query-audit' })
