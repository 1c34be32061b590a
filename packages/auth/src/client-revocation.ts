import { setTimeout as sleep } from 'node:timers/promises'
import type { CredentialVerifier } from './credentials.js'
import type { RevocationList } from './revocation.js'
import type { AuthStore } from './store/types.js'
import { MAX_CLOCK_SKEW_SECONDS } from './tokens.js'

export interface ClientRevocationDeps {
  store: AuthStore
  revocations: RevocationList
  verifier: CredentialVerifier
  /** How long any instance may keep using a client row it read (the directory's ttl). */
  rowTtlMs: number
  accessTokenTtlSeconds: number
  now?: () => number
}

/**
 * Revokes every token of a client issued until the answer: its refresh families in the store,
 * and its access tokens by a cut-off second on the revocation list (every instance checks it on
 * every use). Tokens carry `iat` in whole seconds and other instances may sign with a client row
 * up to `rowTtlMs` old, so the cut-off is the last second that can still see a row read before
 * this call; the call waits until that second is over. Afterwards every token in circulation
 * comes from a row that shows the change (a disabled client gets none; a rotated secret only
 * the new one), and no token issued after the answer is caught by the cut-off.
 */
export async function revokeClientTokens (deps: ClientRevocationDeps, clientId: string): Promise<Date> {
  const now = deps.now ?? Date.now
  deps.verifier.forgetClient(clientId)
  const start = now()
  const cutoff = Math.max(Math.floor(start / 1000), Math.ceil((start + deps.rowTtlMs) / 1000) - 1)
  const endsAt = (cutoff + 1) * 1000
  // A token issued at the cut-off is valid until cut-off + lifetime (+ the verifiers' skew).
  const ttlSeconds = (endsAt - start) / 1000 + deps.accessTokenTtlSeconds + MAX_CLOCK_SKEW_SECONDS
  await deps.store.revokeClientRefreshFamilies(clientId, new Date(start))
  await deps.revocations.revokeClient(clientId, cutoff, ttlSeconds)
  const wait = endsAt - now()
  if (wait > 0) await sleep(wait)
  // Families another instance started from a stale row while we waited.
  await deps.store.revokeClientRefreshFamilies(clientId, new Date(now()))
  deps.verifier.forgetClient(clientId)
  return new Date(endsAt)
}
