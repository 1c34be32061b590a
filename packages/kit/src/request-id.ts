import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const REQUEST_ID_HEADER = 'x-request-id'
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Accepts a caller's `x-request-id` when it is a plain token, so one id follows a query from the
 * PDN through the gateway to every ente; anything else gets a fresh UUID (ids land in logs).
 */
export function requestIdFor (req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID()
}
