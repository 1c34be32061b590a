import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyRequest } from 'fastify'
import type { Throttle } from './throttle.js'
import type { VerificationGate } from './verification-gate.js'

export interface PasswordSignIn {
  /** Who signs in, for the failure budgets and the progressive delay: a page's own client id and the username. */
  clientId: string
  username: string
  /** The stored argon2id hash; undefined for an unknown or disabled user (a decoy is verified instead). */
  passwordHash: string | undefined
  password: string
}

export type PasswordSignInCheck = (request: FastifyRequest, attempt: PasswordSignIn) => Promise<boolean>

/**
 * A sign-in by password outside the token endpoint (the ente pages), under the token endpoint's
 * own throttle and argon2 gate: admitted against the address's budget with one failure of the
 * address and of the identity reserved, given back on success; a wrong password counts toward the
 * progressive delay and is held for it. Throws the endpoint's OAuthError (429 with `retryAfter`,
 * or 503 when busy) when a budget is spent.
 */
export function passwordSignIn (
  throttle: Throttle,
  gate: VerificationGate,
  verify: (stored: string | undefined, presented: string) => Promise<boolean>,
  failed: (attempt: PasswordSignIn, request: FastifyRequest, delayMs: number) => void
): PasswordSignInCheck {
  return async (request, attempt) => {
    const subject = { clientId: attempt.clientId, username: attempt.username }
    const reservation = await throttle.admitUnverified(request, subject)
    let ok = false
    try {
      ok = await gate.run('other', request.ip, async () => await verify(attempt.passwordHash, attempt.password))
    } finally {
      if (ok) await reservation.release()
    }
    if (ok) return true
    const delayMs = await throttle.recordFailure(subject)
    failed(attempt, request, delayMs)
    if (delayMs > 0) await sleep(delayMs)
    return false
  }
}
