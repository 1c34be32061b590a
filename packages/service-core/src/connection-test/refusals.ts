import { check, type Check } from './check.js'
import type { Exchange } from './exchange.js'
import { problem, problemOfOutcome, type Problem } from './problems.js'
import type { TestTransport } from './transport.js'

/** Bodies the standard's request schema refuses, each answered 400 or 422 with `{code, message}`. */
export const BAD_BODIES: Array<[name: string, body: object]> = [
  ['cuerpo inválido', { pageSize: 'diez' }],
  ['cuerpo inválido: pageSize 201', { page: 1, pageSize: 201 }],
  ['cuerpo inválido: page 0', { page: 0, pageSize: 10 }],
  ['cuerpo inválido: campo desconocido', { page: 1, pageSize: 10, campoDesconocido: true }]
]

/** A token no server issued. */
const FORGED_TOKEN = 'see-conformidad-token-invalido'

function errorBodyProblems (text: string): Problem[] {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return [problem('BAD_BODY_SHAPE', 'el error no es JSON')]
  }
  const { code, message } = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown, message?: unknown }
  return typeof code === 'string' && typeof message === 'string' ? [] : [problem('BAD_BODY_SHAPE', 'el error no trae code y message de tipo texto')]
}

function badBodyCheck (name: string, body: object, sent: string, answer: Exchange): Check {
  const details = { latencyMs: answer.latencyMs, request: body, sent, answer }
  if (!answer.ok) return check(name, [problem(problemOfOutcome(answer.outcome), answer.error)], details)
  if (answer.status !== 400 && answer.status !== 422) return check(name, [problem('BAD_BODY_STATUS', `HTTP ${answer.status}; un cuerpo inválido debe responder 400 o 422`)], details)
  return check(name, errorBodyProblems(answer.text), { ...details, note: `HTTP ${answer.status}` })
}

function refusedCheck (name: string, sent: string, allowed: number[], answer: Exchange): Check {
  const details = { latencyMs: answer.latencyMs, request: { page: 1, pageSize: 1 }, sent, answer }
  if (!answer.ok) return check(name, [problem(problemOfOutcome(answer.outcome), answer.error)], details)
  if (!allowed.includes(answer.status)) return check(name, [problem('UNAUTHENTICATED', `HTTP ${answer.status}; se esperaba ${allowed.join(' o ')}`)], details)
  return check(name, [], { ...details, note: `HTTP ${answer.status}` })
}

export function refusalCheckNames (transport: Pick<TestTransport, 'checksBadBody'>): string[] {
  return ['sin token', 'token inválido', ...(transport.checksBadBody ? BAD_BODIES.map(([name]) => name) : [])]
}

/** What the ente must refuse: a search without a token or with a forged one (401), and bad bodies (4xx `{code, message}`). */
export async function refusalChecks (transport: TestTransport, timed: (call: () => Promise<Exchange>) => Promise<Exchange>): Promise<Check[]> {
  const { searchAs, searchAsLabel, refusedStatuses } = transport
  const refusals = [
    timed(async () => await searchAs(undefined, { page: 1, pageSize: 1 })).then(answer => refusedCheck('sin token', `${searchAsLabel} sin Authorization`, refusedStatuses, answer)),
    timed(async () => await searchAs(FORGED_TOKEN, { page: 1, pageSize: 1 })).then(answer => refusedCheck('token inválido', `${searchAsLabel} con Authorization: Bearer ${FORGED_TOKEN}`, refusedStatuses, answer))
  ]
  const bodies = transport.checksBadBody
    ? BAD_BODIES.map(async ([name, body]) => badBodyCheck(name, body, transport.searchLabel, await timed(async () => await transport.search(body))))
    : []
  return await Promise.all([...refusals, ...bodies])
}
