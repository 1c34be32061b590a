import type { FastifyInstance } from 'fastify'
import type { SystemId } from '@see/systems'
import { rejectUnauthorized } from './auth.js'
import type { ProviderContext } from './routes.js'

// A simulated ente's side of filings (S5 denuncias): it keeps each filing once per Idempotency-Key,
// as the provisional standard asks, so a delivery repeated after a crash is one filing. Faults:
// `hang` never answers, `down` does not listen, any other answers 503 without keeping it.

/** What a provider received through its filing endpoints, per system. */
export class FilingInbox {
  /** Every filing kept, by system and Idempotency-Key. */
  readonly kept = new Map<SystemId, Map<string, unknown>>()
  /** Every request that reached an endpoint (repeats included), per system. */
  readonly calls = new Map<SystemId, number>()

  keep (system: SystemId, key: string, filing: unknown): void {
    this.calls.set(system, (this.calls.get(system) ?? 0) + 1)
    let mine = this.kept.get(system)
    if (mine === undefined) this.kept.set(system, mine = new Map())
    if (!mine.has(key)) mine.set(key, filing)
  }
}

/** Filings may carry attachments: up to five of 4 MiB in base64. */
const FILING_BODY_LIMIT = 40 * 1024 * 1024

export function registerIntakeRoutes (app: FastifyInstance, context: ProviderContext, inbox: FilingInbox): void {
  for (const data of context.systems.values()) {
    const { profile } = data.system
    if (profile.intake === undefined) continue
    app.post(profile.intake.entePath, { bodyLimit: FILING_BODY_LIMIT }, async (request, reply) => {
      await context.state.delay()
      const { fault } = context.state
      if (fault === 'hang') return reply.hijack()
      if (rejectUnauthorized(request, reply, context.tokens, false)) return reply
      if (fault !== 'none') return await reply.code(503).send({ code: 'SIM_UNAVAILABLE', message: 'El proveedor simulado no puede guardar la denuncia ahora.' })
      const key = request.headers['idempotency-key']
      if (typeof key !== 'string' || key === '') return await reply.code(422).send({ code: 'SIM_IDEMPOTENCY_KEY', message: 'Falta el encabezado Idempotency-Key.' })
      inbox.keep(profile.id, key, request.body)
      return await reply.code(201).send({ folio: key })
    })
  }
}
