import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { Database } from '@see/db'
import type { KeyRing } from '@see/kit'
import { INTAKE_LIMIT_DEFAULTS, IntakeOutbox, IpWindow, UnknownEnteError, type FilingInput, type IntakeLimits } from '@see/intake'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { EnteDirectory } from '@see/registry'
import type { IntakeSpec, SystemProfile } from '@see/systems'

// Filings people send to an ente through the platform (the systems whose profile has `intake`):
// public routes, no token (an anonymous filer has none), limited per address and by size. A
// filing is in the outbox, sealed, before its receipt is answered; the system's service delivers it.

export interface IntakeRoutesOptions {
  systems: readonly SystemProfile[]
  directory: EnteDirectory
  pool: Database['pool']
  /** The platform's key ring (SEE_CREDENTIALS_KEYS) that seals each filing. */
  keys: KeyRing
  /** Per-address limits (INTAKE_FILINGS_PER_HOUR, INTAKE_TRACKING_PER_HOUR, INTAKE_TRACKED_ADDRESSES); INTAKE_LIMIT_DEFAULTS otherwise. */
  limits?: IntakeLimits
}

/** Five attachments of 4 MiB in base64, the facts and the rest. */
const FILING_BODY_LIMIT = 30 * 1024 * 1024

/** Counts a request of the client's address; over the limit, the 429 carries Retry-After too. */
function admit (window: IpWindow, ip: string, reply: FastifyReply): void {
  try {
    window.take(ip)
  } catch (err) {
    const { retryAfterSeconds } = err as { retryAfterSeconds?: number }
    if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds))
    throw err
  }
}

function registerIntake (app: FastifyInstance, system: SystemProfile, intake: IntakeSpec, options: IntakeRoutesOptions): void {
  const outbox = new IntakeOutbox({ pool: options.pool, keys: options.keys, system: system.id, folioPrefix: intake.folioPrefix })
  const limits = options.limits ?? INTAKE_LIMIT_DEFAULTS
  const filings = new IpWindow(limits.filingsPerHour, limits.trackedAddresses)
  const tracking = new IpWindow(limits.trackingPerHour, limits.trackedAddresses)
  const error = ref(PUBLIC_SCHEMA_ID, 'Error')

  app.post<{ Body: FilingInput, Headers: { 'idempotency-key'?: string } }>(intake.path, {
    bodyLimit: FILING_BODY_LIMIT,
    schema: {
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 200 } } },
      body: ref(PUBLIC_SCHEMA_ID, intake.schemas.filing),
      response: { 200: ref(PUBLIC_SCHEMA_ID, intake.schemas.receipt), 201: ref(PUBLIC_SCHEMA_ID, intake.schemas.receipt), 400: error, 409: error, 413: error, 422: error, 429: error }
    }
  }, async (request, reply) => {
    admit(filings, request.ip, reply)
    const entes = options.directory.list(system.id)
    if (!entes.some(ente => ente.clave === request.body.ente)) throw new UnknownEnteError(request.body.ente.slice(0, 40), entes.map(ente => ente.clave).slice(0, 50).join(', ') || 'ninguno por ahora')
    const receipt = await outbox.accept(request.body, request.headers['idempotency-key'])
    return await reply.code(receipt.repetida ? 200 : 201).header('cache-control', 'no-store').send(receipt)
  })

  app.post<{ Body: { folio: string, codigo: string } }>(intake.trackingPath, {
    schema: {
      body: ref(PUBLIC_SCHEMA_ID, intake.schemas.tracking),
      response: { 200: ref(PUBLIC_SCHEMA_ID, intake.schemas.status), 400: error, 404: error, 422: error, 429: error }
    }
  }, async (request, reply) => {
    admit(tracking, request.ip, reply)
    return await reply.header('cache-control', 'no-store').send(await outbox.track(request.body.folio, request.body.codigo))
  })
}

export default fp<IntakeRoutesOptions>(async (app, options) => {
  for (const system of options.systems) {
    if (system.intake !== undefined) registerIntake(app, system, system.intake, options)
  }
}, { name: 'see-intake' })
