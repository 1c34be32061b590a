import type { FastifyInstance } from 'fastify'
import { gate, type ProviderContext } from './routes.js'
import { sendAnswer } from './faults.js'

// The `ocds-releases` provider: what most OCDS publishers expose. Its S6 releases as plain OCDS
// release packages, one URL per page (`?page=N`), each page linking the next in `links.next`. It
// takes no query: whoever reads it reads it whole.

/** Where the feed's first page lives on the provider (the URL an ente registers). */
export const OCDS_FEED_PATH = '/ocds/entregas'
/** Releases per page of the feed. */
export const OCDS_FEED_PAGE_SIZE = 25

export function registerOcdsFeed (app: FastifyInstance, context: ProviderContext, publisher: string): void {
  const data = [...context.systems.values()].find(system => system.system.profile.standard === 'ocds-1.1.5-release')
  if (data === undefined) return
  const { profile } = data.system
  app.get<{ Querystring: { page?: string } }>(OCDS_FEED_PATH, {
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { page: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' } } } },
    onRequest: gate(context, 'data', { system: profile.id, huge: () => ({ head: '{"releases":[', item: JSON.stringify(data.records[0] ?? data.placeholder), tail: ']}' }) })
  }, async (request, reply) => {
    const page = Number(request.query.page ?? 1)
    const start = (page - 1) * OCDS_FEED_PAGE_SIZE
    const releases = data.records.slice(start, start + OCDS_FEED_PAGE_SIZE)
    const origin = `${request.protocol}://${request.host}`
    const hasNext = start + OCDS_FEED_PAGE_SIZE < data.records.length
    const answer = {
      uri: `${origin}${OCDS_FEED_PATH}?page=${page}`,
      version: '1.1',
      publishedDate: releases.map(release => String(release.date)).sort().at(-1) ?? '2026-01-01T00:00:00Z',
      publisher: { name: publisher },
      license: 'https://creativecommons.org/licenses/by/4.0/',
      releases,
      ...(hasNext && { links: { next: `${origin}${OCDS_FEED_PATH}?page=${page + 1}` } })
    }
    return sendAnswer(reply, context.state.fault, context.settings, answer, () => ({ releases: 'no es una lista' }))
  })
}
