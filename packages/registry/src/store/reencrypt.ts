import { withTransaction } from '@see/db'
import { CREDENTIAL_FIELDS } from '../credentials/fields.js'
import { openCredential, sealCredential, sealedKeyId } from '../credentials/seal.js'
import { credentialPlace, type SealedCredentials } from '../credentials/sealed-fields.js'
import { assertOperator, type Actor } from '../model/actor.js'
import { appendAudit } from './audit.js'
import type { Queryable, RegistryContext } from './context.js'

export interface ReencryptResult {
  connections: number
  fields: number
}

interface SealedRow { ente_clave: string, system: string, credentials: SealedCredentials }

/** Where sealed credentials live: the configuration in force and the pending one, sealed alike. */
const TABLES = [
  { table: 'connections', action: 'connection.credentials-reencrypt' },
  { table: 'connection_pending_configs', action: 'connection.pending-credentials-reencrypt' }
] as const

/** Re-seals one table's stale fields; returns the connections touched and the number of fields. */
async function reencryptTable (db: Queryable, ctx: RegistryContext, actor: Actor, { table, action }: typeof TABLES[number]): Promise<{ touched: string[], fields: number }> {
  const { rows } = await db.query<SealedRow>(`SELECT ente_clave, system, credentials FROM ${table} ORDER BY ente_clave, system FOR UPDATE`)
  const done = { touched: [] as string[], fields: 0 }
  for (const row of rows) {
    const resealed: SealedCredentials = { ...row.credentials }
    const fields = CREDENTIAL_FIELDS.filter(f => row.credentials[f] !== undefined && sealedKeyId(row.credentials[f] as string) !== ctx.keys.currentKid)
    if (fields.length === 0) continue
    for (const field of fields) {
      const place = credentialPlace(row.ente_clave, row.system, field)
      resealed[field] = sealCredential(ctx.keys, openCredential(ctx.keys, row.credentials[field] as string, place), place)
    }
    await db.query(`UPDATE ${table} SET credentials = $3 WHERE ente_clave = $1 AND system = $2`, [row.ente_clave, row.system, JSON.stringify(resealed)])
    await appendAudit(db, actor, action, { ente: row.ente_clave, system: row.system, after: { fields, keyId: ctx.keys.currentKid } })
    done.touched.push(`${row.ente_clave}:${row.system}`)
    done.fields += fields.length
  }
  return done
}

/**
 * After a key rotation (a new key first in SEE_CREDENTIALS_KEYS, the old one still listed), re-seals
 * every credential still sealed with an older key — in force or pending — so the old key can then
 * be removed.
 */
export async function reencryptCredentials (ctx: RegistryContext, actor: Actor): Promise<ReencryptResult> {
  assertOperator(actor, 'volver a cifrar las credenciales')
  return await withTransaction(ctx.pool, async (client) => {
    const touched = new Set<string>()
    let fields = 0
    for (const table of TABLES) {
      const done = await reencryptTable(client, ctx, actor, table)
      for (const connection of done.touched) touched.add(connection)
      fields += done.fields
    }
    return { connections: touched.size, fields }
  })
}
