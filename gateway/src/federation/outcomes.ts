import type { SearchOutcome } from '@see/openapi/types'

/** An ente left out of an answer, and why (the service's stable outcome code). */
export interface FailedEnte {
  ente: string
  code: string
}

/** What any outcome says of an ente, whichever way its records came. */
type OutcomeStatus = Pick<SearchOutcome, 'error' | 'dropped'>

export function failureOf (outcome: OutcomeStatus | undefined, ente: string): FailedEnte {
  return { ente, code: outcome?.error?.code ?? 'ENTE_NO_OUTCOME' }
}

/** Entes that failed only by running out of time make a 504; any other failure a 502. */
export function allTimedOut (failed: FailedEnte[]): boolean {
  return failed.length > 0 && failed.every(f => f.code === 'ENTE_TIMEOUT')
}

export const OUTCOME_MESSAGE_FALLBACK = 'El servicio no devolvió resultado para este ente.'

/**
 * An ente that answered but whose records did not all meet the standard: the service dropped them,
 * so its part of the page is short. The answer names it (never silently short), is not cached,
 * and keeps `totalRows` as the ente counted, so the next pages do not shift.
 */
export const INVALID_RECORDS = 'ENTE_INVALID_RECORDS'

/** The entes whose outcomes dropped records, each named once. */
export function invalidRecordsOf (ente: string, outcomes: readonly OutcomeStatus[]): FailedEnte[] {
  return outcomes.some(o => (o.dropped ?? 0) > 0) ? [{ ente, code: INVALID_RECORDS }] : []
}

/** Entes left out of an answer, as opposed to those that answered with invalid records dropped. */
export function leftOut (failed: readonly FailedEnte[]): FailedEnte[] {
  return failed.filter(f => f.code !== INVALID_RECORDS)
}
