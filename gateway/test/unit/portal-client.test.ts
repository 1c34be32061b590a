import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { KeyRing } from '@see/auth'
import { SYSTEMS } from '@see/systems'
import { PORTAL_CLIENT_ID, portalClient } from '../../src/portal/public-client.js'

// What the portal presents to the federation: a token of its own, carrying the federated systems'
// public read scopes and nothing else (no registry:admin, no rfcSolicitante), so the public-field
// policy applies to everything it shows.

describe('the portal as a client of the federation', () => {
  it('asks with a token of its own whose scopes are only the systems\' read scopes, and reads x-see-incomplete', async () => {
    const app = Fastify()
    const keys = await KeyRing.generate()
    app.decorate('oauth', { keys, issuer: 'https://see.example', audience: 'https://see.example/api' } as never)
    const system = SYSTEMS[0]!
    const seen: Array<{ authorization: string | undefined, body: unknown }> = []
    app.post(system.paths.search, async (request, reply) => {
      seen.push({ authorization: request.headers.authorization, body: request.body })
      return await reply.header('x-see-incomplete', 'B=ENTE_TIMEOUT').send({ pagination: { page: 1, pageSize: 10, totalRows: 0, hasNextPage: false }, results: [] })
    })
    const ask = portalClient(app, SYSTEMS)
    const answer = await ask(system, { page: 1, pageSize: 10, query: {} }, 'req-1')
    await ask(system, { page: 2, pageSize: 10, query: {} }, 'req-2')
    expect(answer).toMatchObject({ ok: true, failed: [{ ente: 'B', code: 'ENTE_TIMEOUT' }] })
    const claims = JSON.parse(Buffer.from(seen[0]!.authorization!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({ client_id: PORTAL_CLIENT_ID, iss: 'https://see.example', aud: 'https://see.example/api' })
    expect(String(claims.scope).split(' ').sort()).toEqual(SYSTEMS.map(s => s.scope).sort())
    expect(seen[0]!.body).toEqual({ page: 1, pageSize: 10, query: {} })
    // One token serves many requests until it is near its end.
    expect(seen[1]!.authorization).toBe(seen[0]!.authorization)
    await app.close()
  })
})
