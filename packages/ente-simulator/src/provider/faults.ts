import type { FastifyReply } from 'fastify'
import type { Fault, SlowBodyOptions } from '../types.js'
import { repeatedJson, trickle } from './streams.js'

// What each fault does to a data route (every system's search and `dependencias`):
// - hang: the connection is accepted and the request read, nothing is ever answered;
// - error-500: `500 {code, message}`;
// - malformed-json: `200 application/json` with a truncated JSON text;
// - huge-body: `200` with a well-formed JSON answer of many megabytes;
// - expired-token: `401` as if the (valid) token had expired;
// - wrong-shape: `200` with JSON that breaks the standard (see the route);
// - slow-body: the real answer, headers at once and the body a few bytes at a time;
// - down: handled by the listener (connections refused), never reaches a route.

/** The pieces of a route's huge answer: `head`, `item` repeated, `tail`. */
export interface HugeBodyShape {
  head: string
  item: string
  tail: string
}

export interface FaultSettings {
  slowBody: Required<SlowBodyOptions>
  hugeBodyBytes: number
}

const MALFORMED_JSON = '{"pagination":{"pageSize":10,"page":1,"totalRows":'

/** Answers the faults that need neither the token nor the body. Returns true when it answered. */
export function answerEarlyFault (reply: FastifyReply, fault: Fault, settings: FaultSettings, huge: () => HugeBodyShape): boolean {
  switch (fault) {
    case 'hang':
      reply.hijack()
      return true
    case 'error-500':
      reply.code(500).send({ code: 'SIM_INTERNAL', message: 'Error interno del proveedor simulado.' })
      return true
    case 'malformed-json':
      reply.code(200).type('application/json').send(MALFORMED_JSON)
      return true
    case 'huge-body': {
      const { head, item, tail } = huge()
      reply.code(200).type('application/json').send(repeatedJson(head, item, tail, settings.hugeBodyBytes))
      return true
    }
    case 'expired-token':
      reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ code: 'SIM_TOKEN_EXPIRED', message: 'El token expiró; solicite uno nuevo.' })
      return true
    default:
      return false
  }
}

/** Sends a route's real answer, bent by the faults that act on it (`wrong-shape`, `slow-body`). */
export function sendAnswer<T> (reply: FastifyReply, fault: Fault, settings: FaultSettings, answer: T, wrongShape: (answer: T) => unknown): FastifyReply {
  reply.type('application/json')
  if (fault === 'wrong-shape') return reply.send(JSON.stringify(wrongShape(answer)))
  if (fault === 'slow-body') return reply.send(trickle(JSON.stringify(answer), settings.slowBody.chunkBytes, settings.slowBody.intervalMs))
  return reply.send(JSON.stringify(answer))
}
