import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFleet } from '@see/ente-simulator'
import { SYSTEMS, hasPrivateFields, privateSorts, privilegedScope, type AnyRecord } from '@see/systems'
import { bearerWithScopes } from '../support/clients.js'
import { postJson } from '../support/http.js'
import { startTestFederation, type TestFederation } from '../support/federation.js'

// Who may see what, per system, through the real gateway and simulated entes: a public client
// (the system's read scope) gets public fields only, even adding rfcSolicitante and even when an
// ente misbehaves and sends private ones; a privileged client (read:<system>:privado) gets them;
// both answers are cached apart; and the audit of queries holds no RFC nor private value.

const RFC = 'GOAP780710RH7'

describe.each(SYSTEMS.filter(system => system.privateFields.length > 0).map(system => ({ system, id: system.id })))('who may see what in $id', ({ system }) => {
  let federation: TestFederation
  let publicAuth: Record<string, string>
  let privilegedAuth: Record<string, string>
  let leaker: string
  const path = system.paths.search
  const withRfc = (body: Record<string, any>): Record<string, unknown> =>
    system.requester === 'body' ? { ...body, rfcSolicitante: RFC } : { ...body, query: { ...body.query, rfcSolicitante: RFC } }
  const privateIn = (records: AnyRecord[]): AnyRecord[] => records.filter(record => hasPrivateFields(record, system.privateFields))

  beforeAll(async () => {
    const providers = defaultFleet(3, { systems: [system.id], size: 12, seed: 3 })
    providers[1]!.leaksPrivateFields = true
    leaker = providers[1]!.clave
    federation = await startTestFederation('visibility', { entes: providers, systems: [system] })
    publicAuth = await bearerWithScopes(federation, [system.scope])
    privilegedAuth = await bearerWithScopes(federation, [system.scope, privilegedScope(system)])
  }, 120_000)
  afterAll(async () => await federation?.close())

  it('gives a public client adding rfcSolicitante public fields only, whatever a misbehaving ente sends, and names that ente', async () => {
    const answer = await postJson(`${federation.gatewayUrl}${path}`, withRfc({ page: 1, pageSize: 200 }), publicAuth)
    expect(answer.status).toBe(200)
    expect(answer.body.pagination.totalRows).toBe(36)
    expect(privateIn(answer.body.results)).toEqual([])
    expect(answer.headers['x-see-private-removed']).toBe(leaker)
    // Cached: the same page again is as public.
    const again = await postJson(`${federation.gatewayUrl}${path}`, withRfc({ page: 1, pageSize: 200 }), publicAuth)
    expect(again.headers['x-see-cache']).toBe('hit')
    expect(privateIn(again.body.results)).toEqual([])
  })

  it('gives a privileged client the private fields, cached apart from the public answer', async () => {
    const publicFirst = await postJson(`${federation.gatewayUrl}${path}`, { page: 1, pageSize: 50 }, publicAuth)
    expect(privateIn(publicFirst.body.results)).toEqual([])
    const privileged = await postJson(`${federation.gatewayUrl}${path}`, { page: 1, pageSize: 50 }, privilegedAuth)
    expect(privileged.status).toBe(200)
    expect(privileged.headers['x-see-cache']).not.toBe('hit')
    expect(privateIn(privileged.body.results).length).toBeGreaterThan(0)
    const withRequester = await postJson(`${federation.gatewayUrl}${path}`, withRfc({ page: 1, pageSize: 50 }), privilegedAuth)
    expect(privateIn(withRequester.body.results).length).toBeGreaterThan(withRequester.body.results.length / 2)
    const publicAgain = await postJson(`${federation.gatewayUrl}${path}`, { page: 1, pageSize: 50 }, publicAuth)
    expect(publicAgain.headers['x-see-cache']).toBe('hit')
    expect(privateIn(publicAgain.body.results)).toEqual([])
  })

  it.each([
    ['unsorted', undefined],
    // A public client may sort only by a public field.
    ['sorted', Object.keys(system.sorts).find(field => privateSorts(system, { [field]: 'asc' }, system.privateFields).length === 0)]
  ])('never hands records held for one kind of client to the other (%s crawl, read-ahead and held runs)', async (_kind, field) => {
    const sort = field === undefined ? {} : { sort: { [field]: 'desc' } }
    const page = async (n: number, auth: Record<string, string>): Promise<{ results: AnyRecord[], removed: unknown }> => {
      const answer = await postJson(`${federation.gatewayUrl}${path}`, { page: n, pageSize: 7, query: { [Object.keys(system.filters)[0]!]: '' }, ...sort }, auth)
      expect(answer.status).toBe(200)
      return { results: answer.body.results, removed: answer.headers['x-see-private-removed'] }
    }
    // A privileged crawl reads page 3 ahead (and keeps its sorted runs); a public page 3 must not be served from them.
    await page(1, privilegedAuth)
    await page(2, privilegedAuth)
    const publicThree = await page(3, publicAuth)
    expect(publicThree.results).toHaveLength(7)
    expect(privateIn(publicThree.results)).toEqual([])
    // And the other way round: a public crawl's held records are never a privileged client's answer.
    await page(4, publicAuth)
    const privilegedFive = await page(5, privilegedAuth)
    expect(privateIn(privilegedFive.results).length).toBeGreaterThan(0)
    expect(privilegedFive.removed).toBeUndefined()
  })

  it('refuses a public client a filter on a private field (403 {code, message}), and lets a privileged one use it', async () => {
    const field = Object.entries(system.filters).find(([, spec]) => 'path' in spec && system.privateFields.some(p => spec.path === p || spec.path.startsWith(`${p}.`)))?.[0]
    if (field === undefined) return
    const refused = await postJson(`${federation.gatewayUrl}${path}`, { query: { [field]: 'A' } }, publicAuth)
    expect(refused.status).toBe(403)
    expect(refused.body).toEqual({ code: 'SEE_PRIVATE_FILTER', message: expect.stringContaining(privilegedScope(system)) })
    expect((await postJson(`${federation.gatewayUrl}${path}`, { query: { [field]: 'A' } }, privilegedAuth)).status).toBe(200)
  })

  it('audits every query without its RFC or any private value; privileged summaries too', async () => {
    await postJson(`${federation.gatewayUrl}${path}/summary`, { query: system.requester === 'query' ? { rfcSolicitante: RFC } : {} }, privilegedAuth)
    await federation.gateway.queryAudit!.flush()
    const { rows } = await federation.platform.db.pool.query('SELECT * FROM query_audit WHERE system = $1 ORDER BY id', [system.id])
    expect(rows.length).toBeGreaterThanOrEqual(6)
    const text = JSON.stringify(rows)
    expect(text).not.toContain(RFC)
    const sample = (await postJson(`${federation.gatewayUrl}${path}`, { page: 1, pageSize: 5 }, privilegedAuth)).body.results as AnyRecord[]
    for (const record of privateIn(sample)) {
      const values = JSON.stringify(record).match(/"[A-Z0-9]{12,18}"/g) ?? []
      for (const value of values) expect(text).not.toContain(value)
    }
    const summary = rows.find(row => row.kind === 'summary')
    expect(summary).toMatchObject({ privileged: true, partial: false, status: 200 })
    expect([...summary.entes_answered].sort()).toEqual(federation.simulator.providers.map(p => p.clave).sort())
    const hit = rows.filter(row => row.kind === 'search' && row.status === 200).at(-1)
    expect(hit.entes_answered.length).toBe(3)
    expect(hit.query_hash).toMatch(/^[A-Za-z0-9_-]+:[A-Za-z0-9_-]{43}$/)
  })

  it('keeps the audit append-only: updates and truncation fail, deletion only through the purge', async () => {
    const pool = federation.platform.db.pool
    // Rows are written in batches off the request path: the earlier tests' last ones first.
    await federation.gateway.queryAudit!.flush()
    await expect(pool.query('UPDATE query_audit SET records = 0')).rejects.toThrow(/append-only/)
    await expect(pool.query('DELETE FROM query_audit')).rejects.toThrow(/append-only/)
    await expect(pool.query('TRUNCATE query_audit')).rejects.toThrow(/append-only/)
    const before = Number((await pool.query('SELECT count(*) AS n FROM query_audit')).rows[0].n)
    expect((await pool.query('SELECT query_audit_purge(1, 100) AS removed')).rows[0].removed).toBe(0)
    await expect(pool.query('SELECT query_audit_purge(0, 100)')).rejects.toThrow(/retention_days/)
    await expect(pool.query('SELECT query_audit_purge(30, 100000)')).rejects.toThrow(/batch_size/)
    expect(Number((await pool.query('SELECT count(*) AS n FROM query_audit')).rows[0].n)).toBe(before)
  })
})
