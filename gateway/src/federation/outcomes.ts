import type { SearchOutcome } from '@see/openapi/types'

/** An ente left out of an answer, and why (the service's stable outcome code). */
export interface FailedEnte {
  ente: string
  code: string
}

export function failureOf (outcome: SearchOutcome | undefined, ente: string): FailedEnte {
  return { ente, code: outcome?.error?.code ?? 'ENTE_NO_OUTCOME' }
}

/** Entes that failed only by running out of time make a 504; any other failure a 502. */
export function allTimedOut (failed: FailedEnte[]): boolean {
  return failed.length > 0 && failed.every(f => f.code === 'ENTE_TIMEOUT')
}

export const OUTCOME_MESSAGE_FALLBACK = 'El servicio no devolvió resultado para este ente.'
