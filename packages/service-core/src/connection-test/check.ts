import type { RegistryTestCheck } from '@see/openapi/types'
import { receivedOf, type Exchange } from './exchange.js'
import { PROBLEMS, problem, type Problem } from './problems.js'

const MAX_MESSAGE = 4000

/**
 * One verdict of a connection test. Beyond the registry's fields (`name`, `passed`, `message`,
 * `latencyMs`), a failed check says what was sent, what came back, what the standard expects and
 * how to fix it: the registry keeps them in its report and the conformance kit prints them.
 */
export type Check = RegistryTestCheck & {
  /** The search body sent, when the check sent one. */
  request?: unknown
  /** The call: method and path (or how the SEE reached the ente). */
  sent?: string
  /** What came back: the status and the start of the body, or why nothing came. */
  received?: string
  expected?: string
  fix?: string
}

export interface CheckDetails {
  latencyMs?: number
  request?: unknown
  sent?: string
  answer?: Exchange
  /** Said of a passing check (what it saw). */
  note?: string
}

const unique = (texts: string[]): string[] => [...new Set(texts)]

export function check (name: string, problems: Problem[], details: CheckDetails = {}): Check {
  const passed = problems.length === 0
  const message = passed ? details.note : problems.map(p => p.text).join('; ')
  return {
    name,
    passed,
    ...(message !== undefined && { message: message.slice(0, MAX_MESSAGE) }),
    ...(details.latencyMs !== undefined && { latencyMs: details.latencyMs }),
    ...(details.request !== undefined && { request: details.request }),
    ...(details.sent !== undefined && { sent: details.sent }),
    ...(!passed && details.answer !== undefined && { received: receivedOf(details.answer) }),
    ...(!passed && {
      expected: unique(problems.map(p => PROBLEMS[p.code].expected)).join(' '),
      fix: unique(problems.map(p => PROBLEMS[p.code].fix)).join(' ')
    })
  }
}

export const notRun = (names: string[], why: string): Check[] => names.map(name => check(name, [problem('NOT_RUN', `no se ejecutó: ${why}`)]))
