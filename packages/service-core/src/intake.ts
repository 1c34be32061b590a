import type { FastifyInstance } from 'fastify'
import type { Database } from '@see/db'
import { Deliverer, IntakeOutbox, type DelivererOptions } from '@see/intake'
import type { KeyRing } from '@see/kit'
import type { EnteDirectory } from '@see/registry'
import type { IntakeSpec, SystemProfile } from '@see/systems'
import type { EnteClient } from './ente-client/client.js'
import { EnteCallError } from './outcome-errors.js'

// The delivery side of filings (the gateway accepts them into the outbox): this service, which
// already knows each ente's connection and credentials for the system, sends every due filing to
// the ente's provider at `intake.entePath`, with the folio as Idempotency-Key, until it acknowledges.

export interface IntakeDeliveryOptions {
  pool: Database['pool']
  /** The platform's key ring (SEE_CREDENTIALS_KEYS) the gateway sealed the filings with. */
  keys: KeyRing
  /** Polling, batch, lease and backoff of the deliverer (its defaults otherwise). */
  delivery?: Omit<DelivererOptions, 'outbox' | 'send' | 'log'>
}

/** How long one delivery may take, end to end (attachments included). */
const DELIVERY_TIMEOUT_MS = 30_000

export function startIntakeDelivery (app: FastifyInstance, options: IntakeDeliveryOptions & { system: SystemProfile, intake: IntakeSpec, directory: EnteDirectory, client: EnteClient }): Deliverer {
  const { system, intake, directory, client } = options
  const outbox = new IntakeOutbox({ pool: options.pool, keys: options.keys, system: system.id, folioPrefix: intake.folioPrefix })
  const deliverer = new Deliverer({
    ...options.delivery,
    outbox,
    log: app.log,
    send: async (clave, delivery, idempotencyKey) => {
      // Only a connection in production receives filings; until then the filing waits in the outbox.
      const entry = directory.get(system.id, clave)
      if (entry === undefined) throw new EnteCallError('ENTE_UNKNOWN', `(el ente ${clave} no tiene conexión ${system.pdnId} en producción)`)
      const signal = AbortSignal.timeout(DELIVERY_TIMEOUT_MS)
      const response = await client.send(entry, { method: 'POST', path: intake.entePath, body: delivery, headers: { 'idempotency-key': idempotencyKey } }, {
        requestId: `entrega-${idempotencyKey}`, signal, deadlineAt: performance.now() + DELIVERY_TIMEOUT_MS
      })
      return response.status
    }
  })
  app.addHook('onReady', async () => { deliverer.start() })
  app.addHook('onClose', async () => await deliverer.stop())
  return deliverer
}
