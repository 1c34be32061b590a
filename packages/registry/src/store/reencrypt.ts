import { withTransaction } from '@see/db'
import { CREDENTIAL_FIELDS } from '../credentials/fields.js'
import { openCredential, sealCredential, sealedKeyId } from '../credentials/seal.js'
import { credentialPlace, type SealedCredentials } from '../credentials/sealed-fields.js'
import { assertOperator, type Actor } from '../model/actor.js'
import { appendAudit } from './audit.js'
import type { RegistryContext } from './context.js'

export interface ReencryptResult {
  connections: number
  fields: number
}

/**
 * After a key rotation (a new key first in SEE_CREDENTIALS_KEYS, the old one still listed), re-seals
 * every credential still sealed with an older key, so the old key can then be removed.
 */
export async function reencryptCredentials (ctx: RegistryContext, actor: Actor): Promise<ReencryptResult> {
  assertOperator(actor, 'volver a cifrar las credenciales')
  return await withTransaction(ctx.pool, async (client) => {
    const { rows } = await client.query<{ ente_clave: string, system: string, credentials: SealedCredentials }>(
      'SELECT ente_clave, system, credentials FROM connections ORDER BY ente_clave, system FOR UPDATE')
    const result: ReencryptResult = { connections: 0, fields: 0 }
    for (const row of rows) {
      const resealed: SealedCredentials = { ...row.credentials }
      const fields = CREDENTIAL_FIELDS.filter(f => row.credentials[f] !== undefined && sealedKeyId(row.credentials[f] as string) !== ctx.keys.currentId)
      if (fields.length === 0) continue
      for (const field of fields) {
        const place = credentialPlace(row.ente_clave, row.system, field)
        resealed[field] = sealCredential(ctx.keys, openCredential(ctx.keys, row.credentials[field] as string, place), place)
      }
      await client.query('UPDATE connections SET credentials = $3 WHERE ente_clave = $1 AND system = $2', [row.ente_clave, row.system, JSON.stringify(resealed)])
      await appendAudit(client, actor, 'connection.credentials-reencrypt', { ente: row.ente_clave, system: row.system, after: { fields, keyId: ctx.keys.currentId } })
      result.connections += 1
      result.fields += fields.length
    }
    return result
  })
}
